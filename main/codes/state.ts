// The `state` tag of a code: WeCom echoes it in add events and follow_info, which is how a customer is
// tied to a code. ≤ 30 chars (WECOM.md); 'lc' + base36 time + random keeps it unique per corp without
// a round trip, and the caller still checks it against the local table.

import { randomBytes } from 'node:crypto'
import { STATE_MAX } from '../../common/limits'

export function newState(now: number = Date.now()): string {
  const random = BigInt('0x' + randomBytes(8).toString('hex'))
    .toString(36)
    .padStart(13, '0')
  const state = 'lc' + now.toString(36) + random
  return state.slice(0, STATE_MAX)
}
