// Auto-accept on a timetable: on start-up, after each policy push and every tick, work out whether
// each code should skip verification now (in the corp's time zone) and queue an update_contact_way
// when that differs from what was last asked — so an edge missed while the relay was down is
// corrected as soon as it is back.

import { DEFAULT_TIME_ZONE } from '../common/limits'
import { isWithinSchedule } from '../common/schedule'
import type { CodePolicy } from '../common/relay-api'
import type { RelayStore } from './store'

export function desiredSkipVerify(policy: CodePolicy, at: Date, timeZone: string): boolean {
  if (policy.autoAccept.mode === 'on') return true
  if (policy.autoAccept.mode === 'off') return false
  return isWithinSchedule(policy.autoAccept.windows, at, timeZone)
}

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
    const at = new Date(this.now())
    for (const corpId of this.corpIds) {
      const timeZone = this.store.settings(corpId)?.timeZone ?? DEFAULT_TIME_ZONE
      for (const policy of this.store.policies(corpId)) {
        const desired = desiredSkipVerify(policy, at, timeZone)
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
