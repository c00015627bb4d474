// Step 6: the corp's shared code registry and one relay key per desktop (issue #19).
// - registry: one row per code (corp_id, code_key) holding its latest record as a JSON document (so
//   fields later desktops add ride along without a migration) plus the indexed columns the relay
//   itself reads. `version` is the corp's registry cursor at the row's last change.
// - registry_changes: every accepted change, numbered per corp (corp_id, seq) like the event cursors
//   of step 5, with the key that made it. A row's version is the seq of its last change, so a
//   desktop pulling "after its cursor" sees each changed code once, at its latest state.
// - desktop_keys: the keys the corp admin issued, SHA-256 hashed (never the key itself), with who
//   holds them, when last seen and when revoked. The config file's apiKey stays the admin key.

import type { RelayMigration } from './types'

export const codeRegistryAndDesktopKeys: RelayMigration = {
  version: 6,
  name: 'code registry and desktop keys',
  up(db) {
    db.exec(`
      CREATE TABLE registry (
        corp_id TEXT NOT NULL,
        code_key TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        name TEXT NOT NULL,
        creator TEXT NOT NULL,
        config_id TEXT NOT NULL,
        json TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        changed_by_who TEXT NOT NULL,
        changed_at INTEGER NOT NULL,
        PRIMARY KEY (corp_id, code_key)
      );
      CREATE UNIQUE INDEX registry_cursor ON registry (corp_id, version);
      CREATE TABLE registry_changes (
        corp_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        code_key TEXT NOT NULL,
        base_version INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        json TEXT NOT NULL,
        key_id TEXT NOT NULL,
        who TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (corp_id, seq)
      );
      CREATE TABLE desktop_keys (
        corp_id TEXT NOT NULL,
        key_id TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        who TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER,
        revoked_at INTEGER,
        PRIMARY KEY (corp_id, key_id)
      );
    `)
  },
}
