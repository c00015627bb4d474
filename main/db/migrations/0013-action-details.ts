// Step 13 (issue 17): the delivery funnel. relay_actions.detail keeps what the relay says a job did
// beyond its kind (which timed welcome went out, a name left out, the remark written), and the
// funnel of a code reads its actions by state and kind without walking every relation's history.

import type { Migration } from './types'

export const actionDetails: Migration = {
  version: 13,
  name: 'relay action details and the funnel index',
  up(db) {
    db.exec(`
      ALTER TABLE relay_actions ADD COLUMN detail TEXT;
      CREATE INDEX relay_actions_funnel ON relay_actions(state, kind, userid, external_userid, id);
    `)
  },
}
