// Whether one member may take adds now: active (not departed), inside their schedule (weekly windows
// and dated exceptions, in the workspace's time zone, DST included through common/zoned-time.ts) and
// under both caps (shared across the workspace's codes, and this code's own per-member cap). Pure.

import type { MemberRouting } from '../../common/routing'
import { isWithinSchedule, minutesOf } from '../../common/schedule'
import { zonedParts } from '../../common/zoned-time'

const pad = (n: number) => String(n).padStart(2, '0')

/** The workspace's day of an instant ('YYYY-MM-DD'): caps end at midnight in that zone. */
export function dayKey(at: number, timeZone: string): string {
  const p = zonedParts(at, timeZone)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

/** Inside the member's schedule at this instant; a member without one is always on. */
export function onSchedule(profile: MemberRouting | undefined, at: number, timeZone: string): boolean {
  if (!profile) return true
  const p = zonedParts(at, timeZone)
  const exception = profile.exceptions.find((e) => e.date === `${p.year}-${pad(p.month)}-${pad(p.day)}`)
  if (exception) {
    const minute = p.hour * 60 + p.minute
    return exception.windows.some((w) => minute >= minutesOf(w.start) && minute < minutesOf(w.end))
  }
  if (profile.windows.length === 0) return true
  return isWithinSchedule(profile.windows, new Date(at), timeZone)
}

export type MemberStatus = 'ok' | 'departed' | 'off_schedule' | 'cap' | 'code_cap'

export interface Counts {
  /** Adds today per member through every code of the workspace. */
  sharedAdds: ReadonlyMap<string, number>
  /** Adds today per member through this code. */
  codeAdds: ReadonlyMap<string, number>
}

export function memberStatus(
  userid: string,
  input: {
    profiles: ReadonlyMap<string, MemberRouting>
    departed: ReadonlySet<string>
    counts: Counts
    codeDailyCap: number | null
    at: number
    timeZone: string
  },
): MemberStatus {
  if (input.departed.has(userid)) return 'departed'
  const profile = input.profiles.get(userid)
  if (!onSchedule(profile, input.at, input.timeZone)) return 'off_schedule'
  const cap = profile?.dailyCap ?? null
  if (cap !== null && (input.counts.sharedAdds.get(userid) ?? 0) >= cap) return 'cap'
  if (input.codeDailyCap !== null && (input.counts.codeAdds.get(userid) ?? 0) >= input.codeDailyCap)
    return 'code_cap'
  return 'ok'
}
