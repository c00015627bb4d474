// Codes created or edited while the relay was unreachable must reach it as soon as it answers again,
// so their first scans get the welcome and the tags — not at the next full sync, which after a
// failure is 20 minutes away. While any push is pending this retries on its own with a backoff
// (2 s doubling to 1 min), and at once whenever the relay is seen reachable again.

export interface RelayRetryDeps {
  /** Pushes every pending policy; resolves with how many are still pending afterwards. */
  pushPending(): Promise<number>
  pendingCount(): number
  log?: (message: string, detail?: unknown) => void
}

export interface RelayRetry {
  /** A push failed or new work is pending: make sure a retry is scheduled. */
  kick(): void
  /** The relay answered something: retry now rather than at the next backoff step. */
  relayReachable(): void
  stop(): void
  /** Resolves when no retry is running (tests and shutdown). */
  idle(): Promise<void>
}

const FIRST_MS = 2000
const MAX_MS = 60_000

export function createRelayRetry(deps: RelayRetryDeps): RelayRetry {
  let timer: NodeJS.Timeout | null = null
  let delay = FIRST_MS
  let running: Promise<void> | null = null
  let stopped = false

  const schedule = (ms: number) => {
    if (stopped || timer || running) return
    timer = setTimeout(() => {
      timer = null
      void attempt()
    }, ms)
    timer.unref()
  }

  const once = async (): Promise<number> => {
    const left = deps.pendingCount()
    if (left === 0) return 0
    try {
      return await deps.pushPending()
    } catch (error) {
      deps.log?.('relay retry failed', error)
      return deps.pendingCount()
    }
  }

  const attempt = (): Promise<void> => {
    if (running) return running
    const run = once().then((left) => {
      running = null
      if (left > 0) {
        delay = Math.min(MAX_MS, delay * 2)
        schedule(delay)
      } else {
        delay = FIRST_MS
      }
    })
    running = run
    return run
  }

  return {
    kick() {
      if (deps.pendingCount() > 0) schedule(delay)
    },
    relayReachable() {
      if (stopped || deps.pendingCount() === 0) return
      if (timer) clearTimeout(timer)
      timer = null
      delay = FIRST_MS
      void attempt()
    },
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
    },
    idle: async () => {
      await running
    },
  }
}
