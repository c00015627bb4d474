// Step 11: the desktop's side of the corp's shared code registry (issue #19).
// - registry_codes: per local code, its key in the relay's registry, the version this copy last
//   agreed with, the record as last seen there (a JSON document: fields a newer desktop added ride
//   along on this desktop's next push), who changed it last, whether it was deleted elsewhere or its
//   delete from here reached the relay (tombstoned), and an open conflict (theirs + mine).
// - registry_outbox: changes made while the relay was unreachable, sent in order when it is back,
//   each through the relay's version check. `stage` 'wecom': the relay accepted it but WeCom's way
//   still has to be written.
// The cursor and who-I-am live in sync_state (registry_cursor, registry_me).

import type { Migration } from './types'

export const codeRegistry: Migration = {
  version: 11,
  name: 'code registry mirror and outbox',
  up(db) {
    db.exec(`
      CREATE TABLE registry_codes (
        code_id INTEGER PRIMARY KEY REFERENCES codes(id),
        code_key TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL DEFAULT 0,
        doc TEXT,
        changed_by TEXT NOT NULL DEFAULT '',
        deleted_remotely INTEGER NOT NULL DEFAULT 0,
        tombstoned INTEGER NOT NULL DEFAULT 0,
        conflict TEXT
      );
      CREATE TABLE registry_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        code_id INTEGER NOT NULL REFERENCES codes(id),
        kind TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'delete')),
        doc TEXT,
        stage TEXT NOT NULL DEFAULT 'relay' CHECK (stage IN ('relay', 'wecom')),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX registry_outbox_code ON registry_outbox(code_id, id);
    `)
  },
}
