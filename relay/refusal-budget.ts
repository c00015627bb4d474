// A budget of refusals per remote address. WeCom's own requests are signed and never refused, so
// an address that keeps sending what the relay must refuse (bad signatures, unknown corps, junk) is
// a stranger: once its budget is spent, its requests are answered 429 and its connection closed
// before the body is read, so however fast it sends, it costs the relay next to nothing and
// WeCom's callbacks keep the event loop. A token bucket: `perSecond` refusals, bursts of `burst`.

export class RefusalBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly perSecond = 20,
    private readonly burst = 50,
    private readonly now: () => number = Date.now,
    /** Addresses tracked at most (the oldest are forgotten first). */
    private readonly maxTracked = 10_000,
  ) {}

  /** Whether this address may still be refused the normal way (its request read and answered). */
  allows(ip: string): boolean {
    const bucket = this.buckets.get(ip)
    if (!bucket) return true
    this.refill(bucket)
    return bucket.tokens >= 1
  }

  /** Spends one refusal of this address's budget. */
  spend(ip: string) {
    let bucket = this.buckets.get(ip)
    if (bucket) this.refill(bucket)
    else {
      if (this.buckets.size >= this.maxTracked) this.buckets.delete(this.buckets.keys().next().value!)
      bucket = { tokens: this.burst, at: this.now() }
      this.buckets.set(ip, bucket)
    }
    bucket.tokens = Math.max(0, bucket.tokens - 1)
  }

  private refill(bucket: { tokens: number; at: number }) {
    const t = this.now()
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((t - bucket.at) / 1000) * this.perSecond)
    bucket.at = t
  }
}
