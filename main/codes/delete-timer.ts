// Carries out pending deletes when their undo window ends. One timer, set for the earliest due time;
// a run that left a delete pending (WeCom unreachable) tries again after retryMs, and sync's WeCom
// side retries too. Opening a workspace kicks it, so deletes that fell due while the app was closed
// go out at once.

export interface DeleteTimerDeps {
  /** The earliest due time of a pending delete (only those due after `after`, when given). */
  nextDueAt(after?: number): number | null
  /** Carries out every due delete; resolves with how many WeCom did not confirm. */
  carryOutDue(): Promise<{ failed: number }>
  now: () => number
  /** Wait before retrying a delete WeCom did not confirm (default 30 s). */
  retryMs?: number
  log?: (message: string, detail?: unknown) => void
}

export interface DeleteTimer {
  /** Something was scheduled or undone: set the timer for the earliest due delete (now if due). */
  kick(): void
  /** Clears the timer and waits for a run in flight, so nothing writes to a closed database. */
  stop(): Promise<void>
}

const RETRY_MS = 30_000

export function createDeleteTimer(deps: DeleteTimerDeps): DeleteTimer {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let stopped = false
  /**
   * After a failed run: deletes due by then wait for retryAt; any that falls due later still goes at
   * its own time (not held back behind a delete WeCom keeps refusing).
   */
  let failedAt: number | undefined
  let retryAt = 0

  const clear = () => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  const setIn = (ms: number) => {
    clear()
    timer = setTimeout(() => {
      timer = null
      kick()
    }, ms)
    // Never keeps the process alive on its own: the record waits in SQLite for the next start.
    timer.unref()
  }
  const fire = () => {
    clear()
    // Only what was due when the run began can have failed in it.
    const startedAt = deps.now()
    running = deps
      .carryOutDue()
      .then(
        ({ failed }) => failed,
        (error: unknown) => {
          deps.log?.('carrying out pending deletes failed', error)
          return 1
        },
      )
      .then((failed) => {
        running = null
        failedAt = failed > 0 ? startedAt : undefined
        retryAt = failed > 0 ? deps.now() + (deps.retryMs ?? RETRY_MS) : 0
        kick()
      })
  }
  const kick = () => {
    if (stopped || running) return
    const now = deps.now()
    const earliest = deps.nextDueAt()
    if (earliest === null) return clear()
    const fresh = deps.nextDueAt(failedAt)
    const overdue = earliest <= now
    if ((overdue && now >= retryAt) || (fresh !== null && fresh <= now)) return fire()
    const at = Math.min(overdue ? retryAt : earliest, fresh ?? Infinity)
    setIn(Math.max(0, at - now))
  }

  return {
    kick,
    async stop() {
      stopped = true
      clear()
      await running
    },
  }
}
