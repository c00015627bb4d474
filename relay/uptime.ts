// The relay's record of its own availability, so a desktop can be honest about what may be missing:
// while the relay is down WeCom's retries run out, and a customer who deletes a member then leaves no
// trace anywhere (WeCom keeps the one-way relation, so reconcile cannot see it either).
//
// Each run of the relay is one span: started_at when it came up, last_beat_at advanced by a heartbeat
// every intervalMs. Several instances on one store each have their own spans, which overlap: a gap is
// a time when no span covered, from the latest beat of everything before it to the next start, when
// that is longer than two intervals (a restart that fits inside the heartbeat's slack is no gap).

import type { UptimeSpan, UptimeStorage } from './storage'

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
    private readonly storage: UptimeStorage,
    private readonly now: () => number,
    readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    this.spanId = await this.storage.startSpan(this.now())
    this.timer = setInterval(() => void this.beat(), this.intervalMs)
    this.timer.unref()
  }

  async beat(): Promise<void> {
    if (this.spanId === null) return
    try {
      await this.storage.beat(this.spanId, this.now())
    } catch (error) {
      // A full disk or a lost database must not stop the relay; the next beat tries again.
      this.onError(error)
    }
  }

  /** A last beat on a clean stop, so a planned restart shows only its real downtime. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.beat()
  }

  /** Outages that ended after `since` (epoch ms), oldest first, and when the relay first ran. */
  async gaps(since: number): Promise<{ firstStartedAt: number | null; gaps: RelayGap[] }> {
    return gapsOf(await this.storage.spans(), since, this.intervalMs)
  }
}

/** The outages in spans (any order, overlapping or not) that ended after `since`. */
export function gapsOf(
  spans: readonly UptimeSpan[],
  since: number,
  intervalMs: number,
): { firstStartedAt: number | null; gaps: RelayGap[] } {
  const sorted = [...spans].sort((a, b) => a.started_at - b.started_at)
  const gaps: RelayGap[] = []
  // The latest beat of every span started so far: the relay was up until then (one instance or another).
  let coveredUntil = sorted[0]?.last_beat_at ?? 0
  for (const span of sorted.slice(1)) {
    const to = span.started_at
    if (to - coveredUntil > 2 * intervalMs && to > since) gaps.push({ from: coveredUntil, to })
    coveredUntil = Math.max(coveredUntil, span.last_beat_at)
  }
  return { firstStartedAt: sorted[0]?.started_at ?? null, gaps }
}
