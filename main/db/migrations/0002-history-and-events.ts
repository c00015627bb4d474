// Adds the relation history (every add, loss and re-add, so the daily chart and audits survive a
// re-add overwriting the relation row) and the raw relay events the desktop has pulled. History for
// relations that already exist is rebuilt from their rows, so statistics stay whole after upgrading.

import type { Migration } from './types'

export const historyAndEvents: Migration = {
  version: 2,
  name: 'relation history and raw events',
  up(db) {
    db.exec(`
      CREATE TABLE relation_history (
        id INTEGER PRIMARY KEY,
        relation_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
        -- Copied from the relation so the daily aggregation reads one index range per code.
        code_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('added', 'lost', 'readded')),
        reason TEXT,
        at INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('event', 'reconcile'))
      );
      CREATE INDEX relation_history_relation ON relation_history(relation_id, at);
      CREATE INDEX relation_history_code_at ON relation_history(code_id, at, kind);

      INSERT INTO relation_history (relation_id, code_id, kind, reason, at, source)
        SELECT id, code_id, 'added', NULL, added_at, 'reconcile' FROM relations;
      INSERT INTO relation_history (relation_id, code_id, kind, reason, at, source)
        SELECT id, code_id, 'lost', lost_reason, coalesce(lost_at, last_added_at), 'reconcile'
        FROM relations WHERE status = 'lost';

      -- seq is the relay's monotonic number: pulling the same page twice inserts nothing new.
      CREATE TABLE raw_events (
        seq INTEGER PRIMARY KEY,
        event TEXT NOT NULL DEFAULT 'change_external_contact',
        change_type TEXT NOT NULL,
        userid TEXT NOT NULL DEFAULT '',
        external_userid TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT '',
        create_time INTEGER NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        received_at INTEGER NOT NULL,
        applied_at INTEGER
      );
      CREATE INDEX raw_events_unapplied ON raw_events(seq) WHERE applied_at IS NULL;
    `)
  },
}
