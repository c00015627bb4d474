// Client-side pacing so the app stays under WeCom's frequency caps (doc 90454: per corp and per API,
// 10,000 calls a minute and 150,000 an hour) instead of learning about them from 45009. Each API has
// its own budget — a burst of send_welcome_msg must not hold back mark_tag, which WeCom counts apart —
// set at half WeCom's, since the desktop and the relay call for the same corp. Calls in flight are
// capped too, per client.

/** Starts of one API's calls: a sliding minute, and the hour in one-minute buckets. */
class ApiBudget {
  private readonly minute: number[] = []
  private head = 0
  /** [minute number, calls started in it], oldest first, covering the last hour. */
  private readonly hour: [number, number][] = []
  private hourTotal = 0

  constructor(
    private readonly perMinute: number,
    private readonly perHour: number,
  ) {}

  private trim(t: number) {
    while (this.head < this.minute.length && this.minute[this.head]! <= t - 60_000) this.head += 1
    // Compacted now and then, so the array does not grow with the calls ever made.
    if (this.head > 1024 && this.head * 2 > this.minute.length) {
      this.minute.splice(0, this.head)
      this.head = 0
    }
    const oldest = Math.floor(t / 60_000) - 59
    while (this.hour.length && this.hour[0]![0] < oldest) this.hourTotal -= this.hour.shift()![1]
  }

  /** 0 when a call may start at `t`, else how long to wait before asking again. */
  waitAt(t: number): number {
    this.trim(t)
    if (this.minute.length - this.head >= this.perMinute) return this.minute[this.head]! + 60_000 - t + 1
    if (this.hourTotal >= this.perHour) return (this.hour[0]![0] + 60) * 60_000 - t + 1
    return 0
  }

  take(t: number) {
    this.minute.push(t)
    const bucket = Math.floor(t / 60_000)
    const last = this.hour[this.hour.length - 1]
    if (last && last[0] === bucket) last[1] += 1
    else this.hour.push([bucket, 1])
    this.hourTotal += 1
  }
}

export class RateLimiter {
  private readonly budgets = new Map<string, ApiBudget>()
  private inFlight = 0
  private readonly waiters: (() => void)[] = []
  /** Lowered after 45033 (too many concurrent calls) and restored after a quiet period. */
  private concurrency: number

  /** `callsPerMinute` per API (an hour's budget is 7.5 of them: WeCom's 150,000 ÷ 10,000 × ½). */
  constructor(
    private readonly callsPerMinute: number,
    private readonly maxConcurrency: number,
    private readonly now: () => number = Date.now,
    private readonly callsPerHour: number = Math.round(callsPerMinute * 7.5),
  ) {
    this.concurrency = maxConcurrency
  }

  private budget(api: string): ApiBudget {
    let budget = this.budgets.get(api)
    if (!budget) {
      budget = new ApiBudget(this.callsPerMinute, this.callsPerHour)
      this.budgets.set(api, budget)
    }
    return budget
  }

  /** Waits until a call of `api` (its path) may start, and counts it. */
  async acquire(api = ''): Promise<void> {
    const budget = this.budget(api)
    for (;;) {
      const t = this.now()
      const wait = budget.waitAt(t)
      if (wait === 0 && this.inFlight < this.concurrency) {
        this.inFlight += 1
        budget.take(t)
        return
      }
      if (wait > 0) {
        // Re-check often rather than sleep the whole window: the clock may be moved (tests), and
        // the hour's wait can be long.
        await sleep(Math.min(250, wait))
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
