// Step 2: the relay's own availability — one span per run, advanced by a heartbeat — so desktops can
// show when customers who deleted a member may be missing (relay/uptime.ts).

import type { RelayMigration } from './types'

export const uptime: RelayMigration = {
  version: 2,
  name: 'uptime spans',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS uptime (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at INTEGER NOT NULL,
        last_beat_at INTEGER NOT NULL
      );
    `)
  },
}
