// Step 5: what the app learns from the relay besides events, and the WeCom API host setting.
// - workspace.api_base: a 企业微信私有化 host (or a simulator) for this corp; '' = the default.
// - relay_actions: the relay's record of each welcome, tagging and auto-accept job (its own ids), so
//   the customer list can say who got no welcome and reconcile knows which tags the relay applied.
// - tag_repairs: tags the app applied itself because the relay never saw the add (补打标签), once
//   per relation.
// - relay_gaps: when the relay was down, shown beside the statistics those gaps may have thinned.
// - codes_qr_missing: the codes whose QR image has not been cached for offline use yet.

import type { Migration } from './types'

export const relayRecordsAndApiBase: Migration = {
  version: 5,
  name: 'relay actions, tag repairs, relay gaps and the API base setting',
  up(db) {
    db.exec(`
      ALTER TABLE workspace ADD COLUMN api_base TEXT NOT NULL DEFAULT '';

      CREATE TABLE relay_actions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        userid TEXT NOT NULL,
        external_userid TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        errcode INTEGER,
        last_error TEXT,
        event_seq INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX relay_actions_relation ON relay_actions(state, userid, external_userid, kind, id);

      CREATE TABLE tag_repairs (
        code_id INTEGER NOT NULL REFERENCES codes(id),
        external_userid TEXT NOT NULL,
        member_userid TEXT NOT NULL,
        tag_ids TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
        errcode INTEGER,
        message TEXT,
        at INTEGER NOT NULL,
        PRIMARY KEY (code_id, external_userid, member_userid)
      ) WITHOUT ROWID;

      CREATE TABLE relay_gaps (
        from_at INTEGER PRIMARY KEY,
        to_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE INDEX codes_qr_missing ON codes(id) WHERE qr_content IS NULL AND deleted_at IS NULL;
    `)
  },
}
