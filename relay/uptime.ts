// The relay's record of its own availability, so a desktop can be honest about what may be missing:
// while the relay is down WeCom's retries run out, and a customer who deletes a member then leaves no
// trace anywhere (WeCom keeps the one-way relation, so reconcile cannot see it either).
//
// Each run of the relay is one span: started_at when it came up, last_beat_at advanced by a heartbeat
// every intervalMs. A gap is the time between one span's last beat and the next span's start, when
// that is longer than two intervals (a restart that fits inside the heartbeat's slack is no gap).

import type Database from 'better-sqlite3'

export interface RelayGap {
  /** Last heartbeat before the outage (epoch ms). */
  from: number
  /** When the relay came back (epoch ms). */
  to: number
}

export class Uptime {
  private timer: NodeJS.Timeout | null = null
  private spanId: number | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    const at = this.now()
    const info = this.db.prepare('INSERT INTO uptime (started_at, last_beat_at) VALUES (?, ?)').run(at, at)
    this.spanId = Number(info.lastInsertRowid)
    this.timer = setInterval(() => this.beat(), this.intervalMs)
    this.timer.unref()
  }

  beat(): void {
    if (this.spanId === null) return
    try {
      this.db.prepare('UPDATE uptime SET last_beat_at = ? WHERE id = ?').run(this.now(), this.spanId)
    } catch (error) {
      // A full disk must not stop the relay; the next beat tries again.
      this.onError(error)
    }
  }

  /** A last beat on a clean stop, so a planned restart shows only its real downtime. */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.beat()
  }

  /** Outages that ended after `since` (epoch ms), oldest first, and when the relay first ran. */
  gaps(since: number): { firstStartedAt: number | null; gaps: RelayGap[] } {
    const spans = this.db
      .prepare('SELECT started_at, last_beat_at FROM uptime ORDER BY started_at, id')
      .all() as { started_at: number; last_beat_at: number }[]
    const gaps: RelayGap[] = []
    for (let i = 1; i < spans.length; i++) {
      const from = spans[i - 1]!.last_beat_at
      const to = spans[i]!.started_at
      if (to - from > 2 * this.intervalMs && to > since) gaps.push({ from, to })
    }
    return { firstStartedAt: spans[0]?.started_at ?? null, gaps }
  }
}
