// Auto-accept on a timetable: on start-up, after each policy push and every tick, work out whether
// each code should skip verification now (in the corp's time zone) and queue a flip when that differs
// from what was last written to WeCom — so an edge missed while the relay was down is corrected as
// soon as it is back. Only a written value counts: a flip that failed is tried again after a pause
// (the manager sees the failure meanwhile), and one flip per code is in flight at a time. With several
// relay instances on one store, only the one that leads 'scheduler' ticks (checked every tick).

import { DEFAULT_TIME_ZONE } from '../common/limits'
import { skipVerifyAt } from '../wecom/way'
import type { CorpProblems } from './corp-problems'
import type { RelayLog } from './log'
import type { RelayStorage } from './storage'
import { pausedAfterFailure } from './flip-pause'

const SCHEDULE = '自动通过时间表'

/** How long after a failed flip the same value is tried again. */
export const FLIP_RETRY_MS = 10 * 60_000

export class Scheduler {
  private timer: NodeJS.Timeout | null = null
  /** The tick under way, and whether another was asked for meanwhile (ticks never overlap). */
  private ticking: Promise<void> | null = null
  private again = false

  constructor(
    private readonly store: RelayStorage,
    private readonly corpIds: string[],
    private readonly now: () => number,
    private readonly tickMs: number,
    private readonly onQueued: () => void,
    private readonly problems: CorpProblems,
    private readonly log: RelayLog,
  ) {}

  start() {
    void this.tick()
    this.timer = setInterval(() => void this.tick(), this.tickMs)
    this.timer.unref()
  }

  stop() {
    if (this.timer) clearInterval(this.timer)
  }

  /**
   * Ticks now, or right after the tick under way (which may have read the store before the change
   * that asked for this one). Resolves when a tick that started after the call has finished.
   */
  tick(): Promise<void> {
    if (this.ticking) {
      this.again = true
      return this.ticking
    }
    this.ticking = (async () => {
      do {
        this.again = false
        await this.tickOnce()
      } while (this.again)
    })().finally(() => (this.ticking = null))
    return this.ticking
  }

  /** Every corp's codes, each corp on its own: a corp whose data throws is logged and skipped. */
  private async tickOnce() {
    try {
      if (!(await this.store.lead('scheduler'))) return
    } catch (error) {
      this.log('schedule lead check failed', { error: String(error) })
      return
    }
    let queued = false
    const at = this.now()
    for (const corpId of this.corpIds) {
      try {
        queued = (await this.tickCorp(corpId, at)) || queued
        this.problems.clear(corpId, SCHEDULE)
      } catch (error) {
        this.problems.record(corpId, SCHEDULE, error)
        this.log('schedule failed for corp', { corpId, error: String(error) })
      }
    }
    if (queued) this.onQueued()
  }

  private async tickCorp(corpId: string, at: number): Promise<boolean> {
    let queued = false
    const timeZone = (await this.store.settings(corpId))?.timeZone ?? DEFAULT_TIME_ZONE
    for (const policy of await this.store.policies(corpId)) {
      const desired = skipVerifyAt(policy.autoAccept, at, timeZone)
      const skip = await this.store.skipState(corpId, policy.state)
      if (skip.written === desired) continue
      if (pausedAfterFailure(skip, desired, at, FLIP_RETRY_MS)) continue
      // Asked again inside the enqueue: a flip failing between these reads closes with its pause.
      if (await this.store.enqueueFlipUnlessOpen(corpId, policy.state, desired, at, FLIP_RETRY_MS))
        queued = true
    }
    return queued
  }
}
