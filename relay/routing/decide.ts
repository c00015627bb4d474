// The one decision of smart routing, pure: which members a code's WeCom `user` list should hold now,
// and why it differs from what it holds. Main members who may take adds, rotated by weight; while
// none may, the backups who may; while nobody may, the last eligible members (never an empty code,
// which WeCom refuses anyway) with a 路由告警 saying why.

import type { CodeRouting, MemberRouting, RoutingReason } from '../../common/routing'
import { memberStatus, type Counts, type MemberStatus } from './eligibility'
import { rotate } from './rotation'

export interface DecideInput {
  routing: CodeRouting
  profiles: ReadonlyMap<string, MemberRouting>
  departed: ReadonlySet<string>
  counts: Counts
  /** The list as WeCom holds it now (as last written), or null when unknown. */
  current: readonly string[] | null
  /** The last non-empty eligible set, kept when nobody is eligible. */
  lastEligible: readonly string[]
  at: number
  timeZone: string
}

export interface Decision {
  users: string[]
  /** Whom the rules allow now (before rotation); [] when nobody. */
  eligible: string[]
  alert: string | null
  status: ReadonlyMap<string, MemberStatus>
}

const STATUS_WORDS: Record<Exclude<MemberStatus, 'ok'>, string> = {
  departed: '已离职或无客户联系权限',
  off_schedule: '不在排班时间',
  cap: '今日已达上限',
  code_cap: '本活码今日已达上限',
}

export function decide(input: DecideInput): Decision {
  const { routing } = input
  const status = new Map<string, MemberStatus>()
  const everyone = [...routing.members.map((m) => m.userid), ...routing.backups]
  for (const userid of everyone)
    status.set(
      userid,
      memberStatus(userid, {
        profiles: input.profiles,
        departed: input.departed,
        counts: input.counts,
        codeDailyCap: routing.codeDailyCap,
        at: input.at,
        timeZone: input.timeZone,
      }),
    )
  const ok = (userid: string) => status.get(userid) === 'ok'
  const current = new Set(input.current ?? [])
  const mains = routing.members.filter((m) => ok(m.userid))
  if (mains.length > 0) {
    return {
      users: rotate(mains, input.counts.codeAdds, current),
      eligible: mains.map((m) => m.userid),
      alert: null,
      status,
    }
  }
  const backups = routing.backups.filter(ok)
  if (backups.length > 0) return { users: backups, eligible: backups, alert: null, status }
  // Nobody may take adds: keep who was last eligible (a departed member cannot stay: WeCom refuses
  // the whole list with 60111), else anyone who has not left.
  const present = (list: readonly string[]) => list.filter((u) => !input.departed.has(u))
  const kept = [
    present(input.lastEligible),
    present(routing.members.map((m) => m.userid)),
    present(routing.backups),
  ].find((list) => list.length > 0)
  const why = everyone
    .map((u) => `${u} ${STATUS_WORDS[status.get(u) as Exclude<MemberStatus, 'ok'>]}`)
    .join('；')
  if (!kept) {
    return {
      users: [...(input.current ?? [])],
      eligible: [],
      alert: `所有成员都已离职或无客户联系权限，活码无法改派：请编辑活码更换成员（${why}）`,
      status,
    }
  }
  return {
    users: kept,
    eligible: [],
    alert: `没有可接待的成员，暂时保留 ${kept.join('、')}（${why}）`,
    status,
  }
}

/** The one reason a change from `before` to `after` is recorded with, the most pressing first. */
export function changeReason(
  before: readonly string[] | null,
  decision: Decision,
  routing: CodeRouting,
  policyChanged: boolean,
): RoutingReason {
  if (policyChanged) return 'policy'
  if (decision.alert) return 'fallback'
  const was = new Set(before ?? [])
  const now = new Set(decision.users)
  const removed = [...was].filter((u) => !now.has(u))
  const added = [...now].filter((u) => !was.has(u))
  const statuses = removed.map((u) => decision.status.get(u))
  if (statuses.includes('departed')) return 'departure'
  const backups = new Set(routing.backups)
  if ([...removed, ...added].some((u) => backups.has(u))) return 'backup'
  if (statuses.includes('cap')) return 'cap'
  if (statuses.includes('code_cap')) return 'code_cap'
  if (statuses.includes('off_schedule')) return 'schedule'
  if (added.some((u) => !decision.eligible.includes(u))) return 'fallback'
  // Members who came back on: on schedule again (a new day or window) or by rotation.
  if (
    removed.length === 0 &&
    added.length > 0 &&
    before &&
    before.every((u) => decision.eligible.includes(u))
  )
    return decision.eligible.length === decision.users.length ? 'schedule' : 'rotation'
  return 'rotation'
}

/** What the log says beside the reason: who left the list and why, who joined. */
export function changeDetail(before: readonly string[] | null, decision: Decision): string {
  const was = new Set(before ?? [])
  const now = new Set(decision.users)
  const parts: string[] = []
  for (const u of was)
    if (!now.has(u)) {
      const s = decision.status.get(u)
      parts.push(`${u} 移出${s && s !== 'ok' ? `（${STATUS_WORDS[s]}）` : '（按权重轮换）'}`)
    }
  for (const u of now) if (!was.has(u)) parts.push(`${u} 加入`)
  if (decision.alert) parts.push(decision.alert)
  return parts.join('；') || '名单与企业微信一致'
}
