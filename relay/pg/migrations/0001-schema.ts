// Step 1: the relay's tables as SQLite has them after its step 9 (relay/migrations/), in one go, plus
// what several instances on one database need:
// - corp_counters: each corp's last event, job, message, routing log and registry number. A commit
//   takes the corp's row lock and allocates from it (relay/pg/counters.ts), so one corp's numbers
//   become visible in order whichever instance wrote them.
// - messages.corp_seq: the other messages are numbered per corp too (SQLite uses its global rowid,
//   which only one writer keeps in commit order).
// - policies.rev: a number from one sequence, new on every write of the row, by which an instance
//   checks that the policy it parsed earlier is still the stored one (relay/pg/policies.ts).
// Times are epoch ms in BIGINT, as SQLite's INTEGER.

import type { PgMigration } from './types'

export const schema: PgMigration = {
  version: 1,
  name: 'relay schema (SQLite step 9) with per-corp counters',
  async up(client) {
    await client.query(`
CREATE TABLE corp_counters (
  corp_id TEXT PRIMARY KEY,
  event_seq BIGINT NOT NULL DEFAULT 0, job_seq BIGINT NOT NULL DEFAULT 0, message_seq BIGINT NOT NULL DEFAULT 0,
  routing_seq BIGINT NOT NULL DEFAULT 0, registry_seq BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  corp_id TEXT NOT NULL, corp_seq BIGINT NOT NULL, event TEXT NOT NULL, change_type TEXT NOT NULL,
  userid TEXT NOT NULL, external_userid TEXT NOT NULL, state TEXT NOT NULL,
  welcome_code TEXT NOT NULL, create_time BIGINT NOT NULL, source TEXT NOT NULL, received_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX events_dedupe ON events (corp_id, event, change_type, userid, external_userid, state, source, create_time);
CREATE UNIQUE INDEX events_corp_cursor ON events (corp_id, corp_seq);
CREATE INDEX events_pair_deletes ON events (corp_id, userid, external_userid, corp_seq)
  WHERE event = 'change_external_contact' AND change_type IN ('del_follow_user', 'del_external_contact');
CREATE TABLE jobs (
  id BIGSERIAL PRIMARY KEY,
  corp_id TEXT NOT NULL, corp_seq BIGINT NOT NULL, kind TEXT NOT NULL, event_seq BIGINT,
  state TEXT NOT NULL, userid TEXT NOT NULL, external_userid TEXT NOT NULL, welcome_code TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, run_at BIGINT NOT NULL, lease_until BIGINT,
  deadline BIGINT, errcode INTEGER, last_error TEXT, payload TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, outcome_unknown INTEGER NOT NULL DEFAULT 0, detail TEXT
);
CREATE INDEX jobs_due ON jobs (status, run_at);
CREATE INDEX jobs_recent ON jobs (corp_id, kind, userid, external_userid, created_at);
CREATE UNIQUE INDEX jobs_one_welcome ON jobs (corp_id, welcome_code) WHERE kind = 'welcome';
CREATE UNIQUE INDEX jobs_corp_cursor ON jobs (corp_id, corp_seq);
CREATE INDEX jobs_open_flip ON jobs (corp_id, state) WHERE kind = 'skip_verify' AND status IN ('pending', 'running');
CREATE INDEX jobs_due_welcome ON jobs (run_at) WHERE status = 'pending' AND kind = 'welcome';
CREATE SEQUENCE policy_rev;
CREATE TABLE policies (
  corp_id TEXT NOT NULL, state TEXT NOT NULL, json TEXT NOT NULL, updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 0, rev BIGINT NOT NULL DEFAULT nextval('policy_rev'),
  PRIMARY KEY (corp_id, state)
);
CREATE TABLE settings (corp_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE media (
  corp_id TEXT NOT NULL, sha256 TEXT NOT NULL, media_id TEXT NOT NULL, created_at BIGINT NOT NULL,
  PRIMARY KEY (corp_id, sha256)
);
CREATE TABLE skip_state (
  corp_id TEXT NOT NULL, state TEXT NOT NULL, wanted INTEGER, failed_skip INTEGER, failed_at BIGINT,
  PRIMARY KEY (corp_id, state)
);
CREATE TABLE messages (
  id BIGSERIAL PRIMARY KEY,
  corp_id TEXT NOT NULL, corp_seq BIGINT NOT NULL, msg_type TEXT NOT NULL, event TEXT NOT NULL,
  change_type TEXT NOT NULL, create_time BIGINT NOT NULL, received_at BIGINT NOT NULL,
  digest TEXT NOT NULL, xml TEXT NOT NULL
);
CREATE UNIQUE INDEX messages_dedupe ON messages (corp_id, digest);
CREATE UNIQUE INDEX messages_corp_cursor ON messages (corp_id, corp_seq);
CREATE INDEX messages_received ON messages (received_at);
CREATE TABLE uptime (id BIGSERIAL PRIMARY KEY, started_at BIGINT NOT NULL, last_beat_at BIGINT NOT NULL);
CREATE TABLE registry (
  corp_id TEXT NOT NULL, code_key TEXT NOT NULL, version BIGINT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL, creator TEXT NOT NULL, config_id TEXT NOT NULL, json TEXT NOT NULL,
  changed_by TEXT NOT NULL, changed_by_who TEXT NOT NULL, changed_at BIGINT NOT NULL,
  PRIMARY KEY (corp_id, code_key)
);
CREATE UNIQUE INDEX registry_cursor ON registry (corp_id, version);
CREATE TABLE registry_changes (
  corp_id TEXT NOT NULL, seq BIGINT NOT NULL, code_key TEXT NOT NULL, base_version BIGINT NOT NULL,
  deleted INTEGER NOT NULL, json TEXT NOT NULL, key_id TEXT NOT NULL, who TEXT NOT NULL, at BIGINT NOT NULL,
  PRIMARY KEY (corp_id, seq)
);
CREATE TABLE desktop_keys (
  corp_id TEXT NOT NULL, key_id TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, who TEXT NOT NULL,
  created_at BIGINT NOT NULL, last_seen_at BIGINT, revoked_at BIGINT,
  PRIMARY KEY (corp_id, key_id)
);
CREATE TABLE routing_members (corp_id TEXT NOT NULL, userid TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (corp_id, userid));
CREATE TABLE routing_departed (
  corp_id TEXT NOT NULL, userid TEXT NOT NULL, at BIGINT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (corp_id, userid)
);
CREATE TABLE routing_codes (
  corp_id TEXT NOT NULL, state TEXT NOT NULL, users TEXT, policy_version BIGINT, eligible TEXT NOT NULL DEFAULT '[]',
  alert TEXT, updated_at BIGINT NOT NULL, PRIMARY KEY (corp_id, state)
);
CREATE TABLE routing_adds (
  corp_id TEXT NOT NULL, day TEXT NOT NULL, userid TEXT NOT NULL, external_userid TEXT NOT NULL,
  state TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (corp_id, day, userid, external_userid)
);
CREATE TABLE routing_log (
  id BIGSERIAL PRIMARY KEY, corp_id TEXT NOT NULL, corp_seq BIGINT NOT NULL, state TEXT NOT NULL, at BIGINT NOT NULL,
  reason TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE UNIQUE INDEX routing_log_cursor ON routing_log (corp_id, corp_seq);
CREATE TABLE routing_cursor (
  corp_id TEXT PRIMARY KEY, event_seq BIGINT NOT NULL DEFAULT 0, message_id BIGINT NOT NULL DEFAULT 0
);
`)
  },
}
