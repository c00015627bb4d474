// Step 4: a code's state is unique only when it is set. Ways imported from WeCom often have no state
// (made in the admin console); with the old column-level UNIQUE only the first could be stored.
// SQLite cannot drop a column constraint, so the table is rebuilt (SQLite's documented 12-step
// procedure: the runner turns foreign keys off around this step and checks them before commit).

import type { Migration } from './types'

const COLUMNS =
  'id, config_id, state, name, qr_url, creator, created_at, updated_at, origin, relay_state, deleted_at, qr_content'

export const codesStateUniqueWhenSet: Migration = {
  version: 4,
  name: 'codes-state-unique-when-set',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE codes_new (
        id INTEGER PRIMARY KEY,
        config_id TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL,
        name TEXT NOT NULL CHECK (length(name) > 0 AND name = trim(name)),
        qr_url TEXT NOT NULL DEFAULT '',
        creator TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        origin TEXT NOT NULL DEFAULT 'app' CHECK (origin IN ('app', 'imported')),
        relay_state TEXT NOT NULL DEFAULT 'pending' CHECK (relay_state IN ('synced', 'pending')),
        deleted_at INTEGER,
        qr_content TEXT
      );
      INSERT INTO codes_new (${COLUMNS}) SELECT ${COLUMNS} FROM codes;
      DROP TABLE codes;
      ALTER TABLE codes_new RENAME TO codes;
      CREATE UNIQUE INDEX codes_state ON codes(state) WHERE state <> '';
      CREATE UNIQUE INDEX codes_live_name ON codes(name) WHERE deleted_at IS NULL;
      CREATE INDEX codes_live_created ON codes(created_at, id, name, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX codes_live_creator ON codes(creator, created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX codes_relay_pending ON codes(relay_state) WHERE relay_state = 'pending';
    `)
  },
}
