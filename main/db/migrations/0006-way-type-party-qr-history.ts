// Step 6: what a code's WeCom way is, so an edit never kills a printed QR by surprise.
// - codes.way_type: 1 (single-member: can never get a second member) or 2. Codes this app made before
//   now were type 1 exactly when they had one member; an imported way's type is unknown (NULL) until
//   the next edit reads it from WeCom.
// - codes.party_ids: the departments of an imported way, sent back on every update_contact_way (what
//   omitting party does is undocumented, so it is never omitted).
// - code_qr_history: the QR a code had before its way was replaced (a type-1 way grown past one
//   member, with the manager's go-ahead), so the old printed posters can still be recognised.

import type { Migration } from './types'

export const wayTypePartyQrHistory: Migration = {
  version: 6,
  name: 'way type, party and QR history',
  up(db) {
    db.exec(`
      ALTER TABLE codes ADD COLUMN way_type INTEGER CHECK (way_type IN (1, 2));
      ALTER TABLE codes ADD COLUMN party_ids TEXT NOT NULL DEFAULT '[]';
      UPDATE codes SET way_type = CASE
          WHEN (SELECT count(*) FROM code_members m WHERE m.code_id = codes.id) = 1 THEN 1 ELSE 2 END
        WHERE origin = 'app';

      CREATE TABLE code_qr_history (
        id INTEGER PRIMARY KEY,
        code_id INTEGER NOT NULL REFERENCES codes(id),
        config_id TEXT NOT NULL,
        qr_url TEXT NOT NULL,
        qr_content TEXT,
        replaced_at INTEGER NOT NULL
      );
      CREATE INDEX code_qr_history_code ON code_qr_history(code_id, replaced_at);
    `)
  },
}
