// Auto-accept → WeCom's skip_verify. 'scheduled' follows the windows at this minute; the relay flips it
// at window edges afterwards, so the desktop only has to be right at the moment it writes the way.

import type { AutoAccept } from '../../common/domain'
import { isWithinSchedule } from '../../common/schedule'

export function skipVerifyFor(autoAccept: AutoAccept, now: number, timeZone: string): boolean {
  if (autoAccept.mode === 'on') return true
  if (autoAccept.mode === 'off') return false
  return isWithinSchedule(autoAccept.windows, new Date(now), timeZone)
}

export function wayTypeFor(memberUserids: readonly string[]): 1 | 2 {
  return memberUserids.length === 1 ? 1 : 2
}
