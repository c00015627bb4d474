// Step 5: one corp learns nothing of another, and distinct events are never merged.
// - events.corp_seq / jobs.corp_seq: each corp's own sequence, which the desktop API's cursors and
//   ids are now made of (the global rowids let gaps in one corp's cursor count another corp's
//   traffic). Existing rows keep their number (corp_seq = rowid), so a desktop's stored cursor
//   still means what it meant; new rows continue each corp's sequence from its own maximum.
// - events_dedupe keys on every field that tells one customer change from another (Event, State,
//   Source/FailReason too, not only ChangeType/UserID/ExternalUserID/CreateTime). A retry carries
//   the same fields, so the dedupe of retries is unchanged.
// - events_corp_seq (corp_id, seq) served the old cursor and goes; a pair's deletes (a re-add after
//   a delete is tagged again) are found through events_dedupe, so no index is added for them;
//   jobs_corp (corp_id, id) served the old actions cursor and goes too.
// - messages_received: the other messages are kept for a number of days (keepMessagesDays), then
//   pruned by their arrival time.
// - jobs.outcome_unknown: an attempt whose result nobody saw (the relay died mid-call, or the call
//   timed out after it may have reached WeCom), so a later "code already used" means "probably sent".

import type { RelayMigration } from './types'

export const perCorpCursors: RelayMigration = {
  version: 5,
  name: 'per-corp cursors, full dedupe key, unknown outcomes',
  up(db) {
    db.exec(`
      ALTER TABLE events ADD COLUMN corp_seq INTEGER;
      UPDATE events SET corp_seq = seq;
      CREATE UNIQUE INDEX events_corp_cursor ON events (corp_id, corp_seq);
      DROP INDEX IF EXISTS events_dedupe;
      CREATE UNIQUE INDEX events_dedupe
        ON events (corp_id, event, change_type, userid, external_userid, state, source, create_time);
      DROP INDEX IF EXISTS events_corp_seq;

      ALTER TABLE jobs ADD COLUMN corp_seq INTEGER;
      UPDATE jobs SET corp_seq = id;
      CREATE UNIQUE INDEX jobs_corp_cursor ON jobs (corp_id, corp_seq);
      DROP INDEX IF EXISTS jobs_corp;
      ALTER TABLE jobs ADD COLUMN outcome_unknown INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX messages_received ON messages (received_at);
    `)
  },
}
