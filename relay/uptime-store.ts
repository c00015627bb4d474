// The relay's uptime spans on its SQLite file (store step 2): one row per process start, its
// last_beat_at advanced by the heartbeat (relay/uptime.ts reads them back as outages).

import type Database from 'better-sqlite3'
import type { UptimeSpan, UptimeStorage } from './storage'

export class SqliteUptime implements UptimeStorage {
  constructor(private readonly db: Database.Database) {}

  startSpan(at: number): number {
    const info = this.db.prepare('INSERT INTO uptime (started_at, last_beat_at) VALUES (?, ?)').run(at, at)
    return Number(info.lastInsertRowid)
  }

  beat(spanId: number, at: number): void {
    this.db.prepare('UPDATE uptime SET last_beat_at = ? WHERE id = ?').run(at, spanId)
  }

  spans(): UptimeSpan[] {
    return this.db
      .prepare('SELECT started_at, last_beat_at FROM uptime ORDER BY started_at, id')
      .all() as UptimeSpan[]
  }
}
