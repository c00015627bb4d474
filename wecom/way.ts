// The pure rules about a "contact me" way (a live code), shared by the desktop's create/edit and the
// relay's auto-accept flips, so both send the same full state: update_contact_way overwrites remark,
// user and party (WECOM.md), and skip_verify defaults to true when omitted — so it is always sent.

import type { AutoAccept } from '../common/domain'
import { isWithinSchedule } from '../common/schedule'
import type { ContactWayInput, ContactWayUpdate } from './types'

export interface WayWish {
  name: string
  state: string
  memberUserids: string[]
  autoAccept: AutoAccept
}

/** Whether the way should add without the member's confirmation at this instant. */
export function skipVerifyAt(autoAccept: AutoAccept, at: number, timeZone: string): boolean {
  if (autoAccept.mode === 'on') return true
  if (autoAccept.mode === 'off') return false
  return isWithinSchedule(autoAccept.windows, new Date(at), timeZone)
}

export function wayTypeFor(memberUserids: readonly string[]): 1 | 2 {
  return memberUserids.length === 1 ? 1 : 2
}

/** add_contact_way's body for a new code (skip_verify right for this instant). */
export function wayInput(wish: WayWish, at: number, timeZone: string): ContactWayInput {
  return {
    type: wayTypeFor(wish.memberUserids),
    scene: 2,
    remark: wish.name.trim(),
    skip_verify: skipVerifyAt(wish.autoAccept, at, timeZone),
    state: wish.state,
    user: [...wish.memberUserids],
  }
}

/** update_contact_way's body: the whole way, never a patch. */
export function wayUpdate(configId: string, wish: WayWish, skipVerify: boolean): ContactWayUpdate {
  return {
    config_id: configId,
    remark: wish.name.trim(),
    skip_verify: skipVerify,
    state: wish.state,
    user: [...wish.memberUserids],
  }
}
