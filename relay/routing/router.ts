// The relay's smart routing loop. On every wake (an add committed, a policy or profile pushed) and on
// a tick it counts the new adds, reads departures (change_contact callbacks, and a periodic member
// check — the relay's own sync), and for each routed code works out its eligible list (decide.ts).
// Only when that list differs from what WeCom holds does it re-point the code: one
// get_contact_way + update_contact_way, one at a time per code, under the way lock shared with the
// auto-accept flips. Rotation-only changes wait at least rotationMinMs since the code's last
// re-point, so a burst of adds costs a handful of updates per code, never one per add.
// A 60111/84074 answer means someone on the list left: the members are checked and the code
// re-pointed without them. The router never writes a policy: the desktop's versions stand. With
// several relay instances on one store, only the one that leads 'router' runs passes and member
// checks (asked on each); any instance answers the desktop's report.

import { DEFAULT_TIME_ZONE } from '../../common/limits'
import type { CodePolicy } from '../../common/relay-api'
import type { CodeRouting, RoutingReport } from '../../common/routing'
import { isTimeZone } from '../../common/zoned-time'
import { readCallbackMessage } from '../../wecom/callback-message'
import { WeComError } from '../../wecom/errors'
import type { WeComClient } from '../../wecom/types'
import type { CorpProblems } from '../corp-problems'
import type { RelayLog } from '../log'
import type { RelayStorage, RoutedCode, RoutingStorage } from '../storage'
import { changeDetail, changeReason, decide, type Decision } from './decide'
import { dayKey } from './eligibility'
import type { WayLock } from './way-lock'

export interface RouterOptions {
  store: RelayStorage
  corpIds: string[]
  client: (corpId: string) => WeComClient
  now: () => number
  log: RelayLog
  problems: CorpProblems
  lock: WayLock
  /** How often every corp is looked at without a wake (schedule edges, midnight). Default 15 s. */
  tickMs?: number
  /** Least time between two rotation-only re-points of one code. Default 30 s. */
  rotationMinMs?: number
  /** How often the relay checks routed members in WeCom (left, lost permission). Default 1 h; 0 = never. */
  memberCheckMs?: number
}

const PROBLEM = '智能分配'
const DEPARTED_ERRCODES = new Set([60111, 84074])
const ADD_TYPES = new Set(['add_external_contact', 'add_half_external_contact'])
const RETRY_MS = 30_000

const sameSet = (a: readonly string[], b: readonly string[]) => {
  if (a.length !== b.length) return false
  const s = new Set(a)
  return b.every((x) => s.has(x))
}

export class Router {
  readonly routing: RoutingStorage
  private timer: NodeJS.Timeout | null = null
  private checkTimer: NodeJS.Timeout | null = null
  private wakeScheduled = false
  /** A pass under way (passes never overlap), and whether a wake came in meanwhile. */
  private passing = false
  private wokenWhilePassing = false
  private stopped = true
  private readonly inFlight = new Map<string, Promise<void>>()
  private readonly lastRepoint = new Map<string, number>()
  private readonly retryAfter = new Map<string, number>()
  private readonly options: Required<
    Omit<RouterOptions, 'store' | 'corpIds' | 'client' | 'now' | 'log' | 'problems' | 'lock'>
  >

  constructor(private readonly deps: RouterOptions) {
    this.routing = deps.store.routing
    this.options = {
      tickMs: deps.tickMs ?? 15_000,
      rotationMinMs: deps.rotationMinMs ?? 30_000,
      memberCheckMs: deps.memberCheckMs ?? 3_600_000,
    }
  }

  start() {
    this.stopped = false
    this.wake()
    this.timer = setInterval(() => this.wake(), this.options.tickMs)
    this.timer.unref()
    if (this.options.memberCheckMs > 0) {
      this.checkTimer = setInterval(() => this.track(this.checkAllMembers()), this.options.memberCheckMs)
      this.checkTimer.unref()
    }
  }

  /** Stops looking; re-points in flight finish (their outcome is written). */
  async stop() {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    if (this.checkTimer) clearInterval(this.checkTimer)
    // A pass or a member check under way still reads the store: the relay closes it only after them.
    await Promise.allSettled([...this.inFlight.values(), ...this.work])
  }

  /** Passes and member checks under way (awaited by stop). */
  private readonly work = new Set<Promise<unknown>>()

  private track(run: Promise<unknown>) {
    this.work.add(run)
    void run.finally(() => this.work.delete(run))
  }

  /** No pass queued and no re-point in flight (for tests and benches that wait for the router). */
  get idle(): boolean {
    return !this.wakeScheduled && !this.passing && this.inFlight.size === 0
  }

  /** Runs a pass soon, however many wakes come in one turn of the event loop. */
  wake() {
    if (this.stopped || this.wakeScheduled) return
    if (this.passing) {
      this.wokenWhilePassing = true
      return
    }
    this.wakeScheduled = true
    setImmediate(() => {
      this.wakeScheduled = false
      if (!this.stopped) this.track(this.pass())
    })
  }

  private async timeZone(corpId: string): Promise<string> {
    const stored = (await this.deps.store.settings(corpId))?.timeZone
    return stored && isTimeZone(stored) ? stored : DEFAULT_TIME_ZONE
  }

  /** Whether this instance leads routing now (a failed check is logged and counts as no). */
  private async leads(): Promise<boolean> {
    try {
      return await this.deps.store.lead('router')
    } catch (error) {
      this.deps.log('routing lead check failed', { error: String(error) })
      return false
    }
  }

  private async pass() {
    this.passing = true
    this.wokenWhilePassing = false
    try {
      if (!(await this.leads())) return
      for (const corpId of this.deps.corpIds) {
        try {
          await this.passCorp(corpId)
          this.deps.problems.clear(corpId, PROBLEM)
        } catch (error) {
          this.deps.problems.record(corpId, PROBLEM, error)
          this.deps.log('routing pass failed', { corpId, error: String(error) })
        }
      }
    } finally {
      this.passing = false
      if (this.wokenWhilePassing) this.wake()
    }
  }

  private async passCorp(corpId: string) {
    const policies = (await this.deps.store.policies(corpId)).filter((p) => p.routing)
    // A corp without a routed code has nothing to count for: its adds stay behind the cursor and are
    // counted when a code first gets routing (a pair once a day, so today's caps see them).
    if (policies.length === 0) return
    await this.readNew(corpId)
    const at = this.deps.now()
    const timeZone = await this.timeZone(corpId)
    const counts = await this.countsOn(corpId, dayKey(at, timeZone))
    const profiles = await this.routing.profiles(corpId)
    const departed = await this.routing.departed(corpId)
    for (const policy of policies) {
      const key = `${corpId}\u0000${policy.state}`
      if (this.inFlight.has(key) || (this.retryAfter.get(key) ?? 0) > at) continue
      const routing = policy.routing!
      const code = await this.routing.code(corpId, policy.state)
      const version = policy.version ?? 0
      const policyChanged = code.policyVersion !== version
      // After a push the desktop has written memberUserids itself; what WeCom holds is read again.
      const current = policyChanged ? null : code.users
      const decision = decide({
        routing,
        profiles,
        departed,
        counts: { sharedAdds: counts.shared, codeAdds: counts.byCode.get(policy.state) ?? new Map() },
        current,
        lastEligible: code.eligible,
        at,
        timeZone,
      })
      if (!policyChanged && current && sameSet(current, decision.users)) {
        await this.keepList(corpId, policy.state, code, decision, at)
        continue
      }
      const reason = changeReason(current, decision, routing, policyChanged)
      if (reason === 'rotation' && at - (this.lastRepoint.get(key) ?? 0) < this.options.rotationMinMs)
        continue
      const run = this.repoint(corpId, policy, version, decision, current, policyChanged).finally(() => {
        this.inFlight.delete(key)
        this.wake()
      })
      this.inFlight.set(key, run)
    }
  }

  /**
   * The list stays as it is, but the eligible set or the 路由告警 may have changed: recorded, and a
   * new alert logged (the manager sees from when the code had nobody to take its adds).
   */
  private async keepList(corpId: string, state: string, code: RoutedCode, decision: Decision, at: number) {
    const eligible = decision.eligible.length > 0 ? decision.eligible : code.eligible
    if (code.alert === decision.alert && sameSet(code.eligible, eligible)) return
    await this.routing.putCode(
      corpId,
      state,
      { ...code, eligible, alert: decision.alert },
      at,
      decision.alert && decision.alert !== code.alert
        ? {
            state,
            at,
            reason: 'fallback',
            before: code.users ?? [],
            after: decision.users,
            detail: decision.alert,
          }
        : undefined,
    )
  }

  /** Counts the adds committed since the last pass and reads change_contact departures. */
  private async readNew(corpId: string) {
    const cursor = await this.routing.cursor(corpId)
    let eventSeq = cursor.eventSeq
    let messageId = cursor.messageId
    const timeZone = await this.timeZone(corpId)
    // The corp's codes, read once: the store answers hasPolicy from the same set.
    const states = new Set((await this.deps.store.policies(corpId)).map((p) => p.state))
    for (;;) {
      const events = await this.routing.addEvents(corpId, eventSeq, 2000)
      if (events.length === 0) break
      const adds = events
        .filter((e) => ADD_TYPES.has(e.change_type) && e.state && states.has(e.state))
        .map((e) => ({
          day: dayKey(e.received_at, timeZone),
          userid: e.userid,
          externalUserid: e.external_userid,
          state: e.state,
          at: e.received_at,
        }))
      await this.routing.addAdds(corpId, adds)
      eventSeq = events.at(-1)!.seq
    }
    for (const m of await this.routing.contactMessages(corpId, messageId, 1000)) {
      messageId = m.id
      const message = readCallbackMessage(m.xml)
      const userid = message?.fields.UserID
      if (m.change_type === 'delete_user' && userid)
        await this.routing.markDeparted(corpId, userid, this.deps.now(), '通讯录回调：成员已删除（离职）')
    }
    if (eventSeq !== cursor.eventSeq || messageId !== cursor.messageId)
      await this.routing.setCursor(corpId, eventSeq, messageId)
  }

  private async countsOn(corpId: string, day: string) {
    const shared = new Map<string, number>()
    const byCode = new Map<string, Map<string, number>>()
    for (const r of await this.routing.addsOn(corpId, day)) {
      shared.set(r.userid, (shared.get(r.userid) ?? 0) + r.n)
      let code = byCode.get(r.state)
      if (!code) byCode.set(r.state, (code = new Map()))
      code.set(r.userid, r.n)
    }
    return { shared, byCode }
  }

  private async repoint(
    corpId: string,
    policy: CodePolicy,
    version: number,
    decision: Decision,
    known: string[] | null,
    policyChanged: boolean,
  ) {
    const key = `${corpId}\u0000${policy.state}`
    const client = this.deps.client(corpId)
    try {
      await this.deps.lock.run(corpId, policy.configId, async () => {
        // A push that landed while this waited for the lock wins: the next pass works from it.
        if (((await this.deps.store.policy(corpId, policy.state))?.version ?? 0) !== version) return
        const way = await client.getContactWay(policy.configId)
        const before = way.user
        if (!sameSet(before, decision.users)) {
          await client.updateContactWay({
            config_id: way.config_id,
            remark: way.remark,
            skip_verify: way.skip_verify,
            state: way.state,
            user: decision.users,
            party: way.party,
          })
        }
        const at = this.deps.now()
        const previous = await this.routing.code(corpId, policy.state)
        const logged =
          !sameSet(before, decision.users) || (decision.alert && decision.alert !== previous.alert)
        await this.routing.putCode(
          corpId,
          policy.state,
          {
            users: decision.users,
            policyVersion: version,
            eligible: decision.eligible.length > 0 ? decision.eligible : previous.eligible,
            alert: decision.alert,
          },
          at,
          logged
            ? {
                state: policy.state,
                at,
                reason: changeReason(
                  policyChanged ? before : (known ?? before),
                  decision,
                  policy.routing as CodeRouting,
                  policyChanged,
                ),
                before,
                after: decision.users,
                detail: changeDetail(before, decision),
              }
            : undefined,
        )
        if (!sameSet(before, decision.users)) this.lastRepoint.set(key, at)
      })
      this.retryAfter.delete(key)
    } catch (error) {
      if (error instanceof WeComError && DEPARTED_ERRCODES.has(error.errcode)) {
        // WeCom refuses the whole list for one member who left: find who, then the next pass retries.
        await this.checkMembers(corpId, decision.users)
        return
      }
      this.retryAfter.set(key, this.deps.now() + RETRY_MS)
      this.deps.problems.record(corpId, PROBLEM, error)
      this.deps.log('routing re-point failed', { corpId, state: policy.state, error: String(error) })
    }
  }

  /** Every routed member of every corp, checked in WeCom (the relay's own sync). */
  async checkAllMembers() {
    if (!(await this.leads())) return
    for (const corpId of this.deps.corpIds) {
      const members = new Set<string>()
      for (const p of await this.deps.store.policies(corpId))
        for (const u of [...(p.routing?.members.map((m) => m.userid) ?? []), ...(p.routing?.backups ?? [])])
          members.add(u)
      if (members.size > 0) await this.checkMembers(corpId, [...members])
    }
    this.wake()
  }

  /**
   * Marks departed the members who left (user/get: status 5 or 60111) or lost customer contact (not
   * in get_follow_user_list). Failures to ask are recorded, never taken as a departure.
   */
  async checkMembers(corpId: string, userids: string[]) {
    const client = this.deps.client(corpId)
    const at = this.deps.now()
    try {
      const followers = new Set(await client.getFollowUserList())
      for (const userid of userids) {
        let left = false
        try {
          left = (await client.getUser(userid)).status === 5
        } catch (error) {
          if (!(error instanceof WeComError && error.errcode === 60111)) throw error
          left = true
        }
        if (left)
          await this.routing.markDeparted(
            corpId,
            userid,
            at,
            '成员已离职（企业微信答复 60111 或状态为已退出）',
          )
        else if (!followers.has(userid))
          await this.routing.markDeparted(corpId, userid, at, '成员没有客户联系权限（84074）')
      }
    } catch (error) {
      this.deps.problems.record(corpId, PROBLEM, error)
      this.deps.log('routing member check failed', { corpId, error: String(error) })
    }
    this.wake()
  }

  async reinstate(corpId: string, userid: string) {
    await this.routing.reinstate(corpId, userid)
    this.wake()
  }

  /** What the desktop's 路由记录 tab shows. */
  async report(corpId: string, after: number, limit: number): Promise<RoutingReport> {
    await this.readNew(corpId)
    const at = this.deps.now()
    const day = dayKey(at, await this.timeZone(corpId))
    const counts = await this.countsOn(corpId, day)
    const profiles = await this.routing.profiles(corpId)
    const departed = await this.routing.departed(corpId)
    const policies = (await this.deps.store.policies(corpId)).filter((p) => p.routing)
    const memberIds = new Set<string>([...profiles.keys(), ...departed])
    for (const p of policies) for (const m of p.routing!.members) memberIds.add(m.userid)
    for (const p of policies) for (const b of p.routing!.backups) memberIds.add(b)
    const log = await this.routing.logAfter(corpId, after, limit)
    const codes = new Map<string, RoutedCode>()
    for (const p of policies) codes.set(p.state, await this.routing.code(corpId, p.state))
    return {
      day,
      members: [...memberIds].sort().map((userid) => ({
        userid,
        addsToday: counts.shared.get(userid) ?? 0,
        dailyCap: profiles.get(userid)?.dailyCap ?? null,
        departed: departed.has(userid),
      })),
      codes: policies.map((p) => {
        const routing = p.routing!
        const code = codes.get(p.state)!
        const adds = counts.byCode.get(p.state) ?? new Map<string, number>()
        const total = [...adds.values()].reduce((a, b) => a + b, 0)
        const weights = routing.members.reduce((a, m) => a + m.weight, 0)
        return {
          state: p.state,
          users: code.users ?? p.memberUserids,
          alert: code.alert,
          addsToday: total,
          codeDailyCap: routing.codeDailyCap,
          members: [
            ...routing.members.map((m) => ({ userid: m.userid, weight: m.weight, backup: false })),
            ...routing.backups.map((userid) => ({ userid, weight: 0, backup: true })),
          ].map((m) => ({
            ...m,
            adds: adds.get(m.userid) ?? 0,
            realisedShare: total > 0 ? (adds.get(m.userid) ?? 0) / total : 0,
            targetShare: m.backup ? 0 : m.weight / weights,
          })),
        }
      }),
      log,
      nextCursor: log.at(-1)?.id ?? after,
    }
  }
}
