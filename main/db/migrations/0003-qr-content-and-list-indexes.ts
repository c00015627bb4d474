// Caches the URL decoded from each code's QR image (so printing and the link column need no network)
// and adds the indexes behind every list the UI filters and pages, checked with EXPLAIN QUERY PLAN in
// tests/integration/db-query-plans.test.ts.

import type { Migration } from './types'

export const qrContentAndListIndexes: Migration = {
  version: 3,
  name: 'qr content cache and list indexes',
  up(db) {
    db.exec(`
      ALTER TABLE codes ADD COLUMN qr_content TEXT;

      -- name and deleted_at ride along so counting a filtered list reads only the index (the planner
      -- does not infer deleted_at from the partial WHERE and would otherwise scan the table).
      CREATE INDEX codes_live_created ON codes(created_at, id, name, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX codes_live_creator ON codes(creator, created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX codes_relay_pending ON codes(relay_state) WHERE relay_state = 'pending';

      CREATE INDEX relations_code_added ON relations(code_id, added_at, id);
      CREATE INDEX relations_code_status_added ON relations(code_id, status, added_at, id);
      CREATE INDEX relations_member ON relations(member_userid, status, external_userid);
      CREATE INDEX relations_code_member ON relations(code_id, member_userid, status);
    `)
  },
}
