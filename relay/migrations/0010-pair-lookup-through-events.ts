// Step 10: an add finds the earlier add of the same member and customer (whose tagging it shares)
// through events_dedupe, whose page its own insert has just written, and that add's jobs through
// jobs_of_event, which grows at its right edge. jobs_recent, keyed by the random external userid,
// dirtied about two WAL pages per add (of ~4.8) and is dropped.

import type { RelayMigration } from './types'

export const pairLookupThroughEvents: RelayMigration = {
  version: 10,
  name: 'pair lookup through events',
  up(db) {
    db.exec(`CREATE INDEX jobs_of_event ON jobs (corp_id, event_seq); DROP INDEX jobs_recent;`)
  },
}
