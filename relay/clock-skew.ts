// How far the relay's clock is from WeCom's, from the timestamp WeCom signs into every callback. The
// first release refused callbacks more than 300 s off; WeCom asks for no such check (dedupe makes a
// replay harmless), and refusing lost real events whenever the server's clock drifted. Now every
// verified callback is taken, and the drift is reported — in /healthz and the app's 检查连接 — because
// a relay whose clock is off flips auto-accept at the wrong time.

export class ClockSkew {
  private readonly byCorp = new Map<string, { seconds: number; at: number }>()

  /** Records relay time minus WeCom's timestamp (seconds; network delay makes it a little positive). */
  record(corpId: string, wecomTimestamp: string, now: number) {
    const ts = Number(wecomTimestamp)
    if (!Number.isFinite(ts) || ts <= 0) return
    this.byCorp.set(corpId, { seconds: Math.round(now / 1000 - ts), at: now })
  }

  of(corpId: string): number | null {
    return this.byCorp.get(corpId)?.seconds ?? null
  }

  /** The most recent measurement over every corp, for /healthz (which names no corp). */
  latest(): number | null {
    let best: { seconds: number; at: number } | null = null
    for (const m of this.byCorp.values()) if (!best || m.at > best.at) best = m
    return best?.seconds ?? null
  }
}
