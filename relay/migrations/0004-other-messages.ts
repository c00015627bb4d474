// Step 4: nothing verified is refused. A self-built app's callback URL receives every message and
// event of the app, not only customer changes; the relay answers each with 200 and keeps the ones it
// does not act on here, whole, deduplicated by digest (WeCom retries an unanswered message).

import type { RelayMigration } from './types'

export const otherMessages: RelayMigration = {
  version: 4,
  name: 'other callback messages',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        corp_id TEXT NOT NULL,
        msg_type TEXT NOT NULL,
        event TEXT NOT NULL,
        change_type TEXT NOT NULL,
        create_time INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        digest TEXT NOT NULL,
        xml TEXT NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS messages_dedupe ON messages (corp_id, digest);
    `)
  },
}
