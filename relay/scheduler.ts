// Auto-accept on a timetable: on start-up, after each policy push and every tick, work out whether
// each code should skip verification now (in the corp's time zone) and queue a flip when that differs
// from what was last written to WeCom — so an edge missed while the relay was down is corrected as
// soon as it is back. Only a written value counts: a flip that failed is tried again after a pause
// (the manager sees the failure meanwhile), and one flip per code is in flight at a time.

import { DEFAULT_TIME_ZONE } from '../common/limits'
import { skipVerifyAt } from '../wecom/way'
import type { CorpProblems } from './corp-problems'
import type { RelayLog } from './log'
import type { RelayStore } from './store'

const SCHEDULE = '自动通过时间表'

/** How long after a failed flip the same value is tried again. */
export const FLIP_RETRY_MS = 10 * 60_000

export class Scheduler {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly store: RelayStore,
    private readonly corpIds: string[],
    private readonly now: () => number,
    private readonly tickMs: number,
    private readonly onQueued: () => void,
    private readonly problems: CorpProblems,
    private readonly log: RelayLog,
  ) {}

  start() {
    this.tick()
    this.timer = setInterval(() => this.tick(), this.tickMs)
    this.timer.unref()
  }

  stop() {
    if (this.timer) clearInterval(this.timer)
  }

  /** Every corp's codes, each corp on its own: a corp whose data throws is logged and skipped. */
  tick() {
    let queued = false
    const at = this.now()
    for (const corpId of this.corpIds) {
      try {
        queued = this.tickCorp(corpId, at) || queued
        this.problems.clear(corpId, SCHEDULE)
      } catch (error) {
        this.store.resetSequences()
        this.problems.record(corpId, SCHEDULE, error)
        this.log('schedule failed for corp', { corpId, error: String(error) })
      }
    }
    if (queued) this.onQueued()
  }

  private tickCorp(corpId: string, at: number): boolean {
    let queued = false
    const timeZone = this.store.settings(corpId)?.timeZone ?? DEFAULT_TIME_ZONE
    for (const policy of this.store.policies(corpId)) {
      const desired = skipVerifyAt(policy.autoAccept, at, timeZone)
      const skip = this.store.skipState(corpId, policy.state)
      if (skip.written === desired) continue
      if (skip.failedSkip === desired && skip.failedAt !== null && at - skip.failedAt < FLIP_RETRY_MS)
        continue
      this.store.db.transaction(() => {
        if (this.store.hasOpenFlip(corpId, policy.state)) return
        this.store.enqueueSkipVerify(corpId, policy.state, desired, at)
        queued = true
      })()
    }
    return queued
  }
}
