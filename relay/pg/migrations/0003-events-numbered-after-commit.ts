// Step 3: an event's per-corp number is given after its commit, not inside it (relay/pg/numbering.ts),
// so ingesting events takes no per-corp lock and instances never wait on each other's WAL flush.
// - events.corp_seq may be NULL: stored, committed and answered, not yet numbered.
// - events_unnumbered: what the numbering step finds, per corp.
// - jobs.event_id: the job's event by its global id, known inside the ingest (its number may not be);
//   existing jobs are filled from their event_seq. The desktop's eventSeq is read through it.
// - events_pair_deletes by global id: the ingest's "was this pair deleted since the job's event" check
//   compares ids now, as numbers can be missing.

import type { PgMigration } from './types'

export const eventsNumberedAfterCommit: PgMigration = {
  version: 3,
  name: 'events numbered after commit',
  async up(client) {
    await client.query(`
ALTER TABLE events ALTER COLUMN corp_seq DROP NOT NULL;
CREATE INDEX events_unnumbered ON events (corp_id, seq) WHERE corp_seq IS NULL;
ALTER TABLE jobs ADD COLUMN event_id BIGINT;
UPDATE jobs j SET event_id = e.seq FROM events e WHERE e.corp_id = j.corp_id AND e.corp_seq = j.event_seq;
DROP INDEX events_pair_deletes;
CREATE INDEX events_pair_deletes ON events (corp_id, userid, external_userid, seq)
  WHERE event = 'change_external_contact' AND change_type IN ('del_follow_user', 'del_external_contact');
`)
  },
}
