// The relay's uptime spans on PostgreSQL (SQLite: relay/uptime.ts): one per instance start, beaten
// while it runs. Spans of several instances overlap; gaps are worked out by the caller.

import type pg from 'pg'
import type { UptimeSpan, UptimeStorage } from '../storage'
import { one, rows } from './db'

export function uptimeStore(pool: pg.Pool): UptimeStorage {
  return {
    async startSpan(at: number) {
      const row = await one<{ id: number }>(
        pool,
        'INSERT INTO uptime (started_at, last_beat_at) VALUES ($1, $1) RETURNING id',
        [at],
      )
      if (!row) throw new Error('uptime span not stored')
      return row.id
    },
    async beat(spanId: number, at: number) {
      await pool.query('UPDATE uptime SET last_beat_at = $1 WHERE id = $2', [at, spanId])
    },
    spans: () =>
      rows<UptimeSpan>(pool, 'SELECT started_at, last_beat_at FROM uptime ORDER BY started_at, id'),
  }
}
