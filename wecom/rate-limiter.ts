// Client-side pacing so the app stays under WeCom's frequency caps (doc 90454) instead of learning
// about them from 45009: a sliding one-minute window of call starts plus a cap on calls in flight.

export class RateLimiter {
  private readonly starts: number[] = []
  private inFlight = 0
  private readonly waiters: (() => void)[] = []
  /** Lowered after 45033 (too many concurrent calls) and restored after a quiet period. */
  private concurrency: number

  constructor(
    private readonly callsPerMinute: number,
    private readonly maxConcurrency: number,
    private readonly now: () => number = Date.now,
  ) {
    this.concurrency = maxConcurrency
  }

  async acquire(): Promise<void> {
    for (;;) {
      const t = this.now()
      while (this.starts.length && this.starts[0]! <= t - 60_000) this.starts.shift()
      if (this.inFlight < this.concurrency && this.starts.length < this.callsPerMinute) {
        this.inFlight += 1
        this.starts.push(t)
        return
      }
      if (this.starts.length >= this.callsPerMinute) {
        // Re-check often rather than sleep the whole window: other calls may free the budget first.
        await sleep(Math.min(250, this.starts[0]! + 60_000 - t + 1))
      } else {
        await new Promise<void>((resolve) => this.waiters.push(resolve))
      }
    }
  }

  release(): void {
    this.inFlight -= 1
    this.waiters.shift()?.()
  }

  /** Halve the parallelism for a minute (WeCom's 45033). */
  backOffConcurrency(): void {
    this.concurrency = Math.max(1, Math.floor(this.concurrency / 2))
    setTimeout(() => {
      this.concurrency = this.maxConcurrency
      for (let i = 0; i < this.maxConcurrency; i++) this.waiters.shift()?.()
    }, 60_000).unref?.()
  }

  get active(): number {
    return this.inFlight
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}
