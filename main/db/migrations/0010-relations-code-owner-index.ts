// Step 10: the customer list filtered by who serves the customer now. The existing indexes key on
// the member who added (relations_code_member) or on status; a member filter on a code with 100k
// relations then read every relation of the code. This one is ordered like the list (newest first
// by first add, then id), and carries status so a filtered count reads only the index.

import type { Migration } from './types'

export const relationsCodeOwnerIndex: Migration = {
  version: 10,
  name: 'relations by code and current owner',
  up(db) {
    db.exec(
      'CREATE INDEX relations_code_owner_added ON relations(code_id, owner_userid, added_at, id, status)',
    )
  },
}
