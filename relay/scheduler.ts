// Auto-accept on a timetable: on start-up, after each policy push and every tick, work out whether
// each code should skip verification now (in the corp's time zone) and queue an update_contact_way
// when that differs from what was last asked — so an edge missed while the relay was down is
// corrected as soon as it is back.

import { DEFAULT_TIME_ZONE } from '../common/limits'
import { skipVerifyAt } from '../wecom/way'
import type { RelayStore } from './store'

export class Scheduler {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly store: RelayStore,
    private readonly corpIds: string[],
    private readonly now: () => number,
    private readonly tickMs: number,
    private readonly onQueued: () => void,
  ) {}

  start() {
    this.tick()
    this.timer = setInterval(() => this.tick(), this.tickMs)
    this.timer.unref()
  }

  stop() {
    if (this.timer) clearInterval(this.timer)
  }

  tick() {
    let queued = false
    const at = this.now()
    for (const corpId of this.corpIds) {
      const timeZone = this.store.settings(corpId)?.timeZone ?? DEFAULT_TIME_ZONE
      for (const policy of this.store.policies(corpId)) {
        const desired = skipVerifyAt(policy.autoAccept, at, timeZone)
        if (this.store.wantedSkip(corpId, policy.state) === desired) continue
        this.store.db.transaction(() => {
          this.store.setWantedSkip(corpId, policy.state, desired)
          this.store.enqueueSkipVerify(corpId, policy.state, desired, this.now())
        })()
        queued = true
      }
    }
    if (queued) this.onQueued()
  }
}
