// Step 1: the schema release 0.1.0 created, unversioned, with CREATE … IF NOT EXISTS. Written the same
// way here, so a data folder from that release is adopted as version 1 with every row kept, and a new
// one gets the same tables. The event log, the jobs acting on events, pushed policies, corp settings,
// the media_id cache and the skip_verify each scheduled code last asked for.

import type { RelayMigration } from './types'

export const release010: RelayMigration = {
  version: 1,
  name: 'release 0.1.0 schema',
  up(db) {
    db.exec(`
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  corp_id TEXT NOT NULL, event TEXT NOT NULL, change_type TEXT NOT NULL,
  userid TEXT NOT NULL, external_userid TEXT NOT NULL, state TEXT NOT NULL,
  welcome_code TEXT NOT NULL, create_time INTEGER NOT NULL, source TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_dedupe ON events (corp_id, change_type, userid, external_userid, create_time);
CREATE INDEX IF NOT EXISTS events_corp_seq ON events (corp_id, seq);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  corp_id TEXT NOT NULL, kind TEXT NOT NULL, event_seq INTEGER,
  state TEXT NOT NULL, userid TEXT NOT NULL, external_userid TEXT NOT NULL, welcome_code TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, run_at INTEGER NOT NULL, lease_until INTEGER,
  deadline INTEGER, errcode INTEGER, last_error TEXT, payload TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, run_at);
CREATE INDEX IF NOT EXISTS jobs_corp ON jobs (corp_id, id);
CREATE INDEX IF NOT EXISTS jobs_recent ON jobs (corp_id, kind, userid, external_userid, created_at);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_one_welcome ON jobs (corp_id, welcome_code) WHERE kind = 'welcome';
CREATE TABLE IF NOT EXISTS policies (
  corp_id TEXT NOT NULL, state TEXT NOT NULL, json TEXT NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (corp_id, state)
);
CREATE TABLE IF NOT EXISTS settings (corp_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS media (
  corp_id TEXT NOT NULL, sha256 TEXT NOT NULL, media_id TEXT NOT NULL, created_at INTEGER NOT NULL,
  PRIMARY KEY (corp_id, sha256)
);
CREATE TABLE IF NOT EXISTS skip_state (
  corp_id TEXT NOT NULL, state TEXT NOT NULL, wanted INTEGER, PRIMARY KEY (corp_id, state)
);
`)
  },
}
