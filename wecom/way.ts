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
  /** An imported way's departments; [] for the ways this app makes. */
  partyIds?: number[] | undefined
}

/** Whether the way should add without the member's confirmation at this instant. */
export function skipVerifyAt(autoAccept: AutoAccept, at: number, timeZone: string): boolean {
  if (autoAccept.mode === 'on') return true
  if (autoAccept.mode === 'off') return false
  return isWithinSchedule(autoAccept.windows, new Date(at), timeZone)
}

/**
 * A way of type 1 can never get a second member, and type cannot change: so every code is made as
 * type 2, which may hold one member (MoChat does the same), and a printed QR survives 1 → 3 → 1.
 */
export const WAY_TYPE = 2

/** Whether an edit to these members needs a new way (and so a new QR): only a type-1 way growing. */
export function needsNewWay(wayType: 1 | 2, memberUserids: readonly string[]): boolean {
  return wayType === 1 && memberUserids.length !== 1
}

/** add_contact_way's body for a new code (skip_verify right for this instant). */
export function wayInput(wish: WayWish, at: number, timeZone: string): ContactWayInput {
  return {
    type: WAY_TYPE,
    scene: 2,
    remark: wish.name.trim(),
    skip_verify: skipVerifyAt(wish.autoAccept, at, timeZone),
    state: wish.state,
    user: [...wish.memberUserids],
    party: [...(wish.partyIds ?? [])],
  }
}

/**
 * update_contact_way's body: the whole way, never a patch — party included: whether WeCom keeps an
 * omitted party is undocumented, so it is always sent (an imported way's departments, or none).
 */
export function wayUpdate(configId: string, wish: WayWish, skipVerify: boolean): ContactWayUpdate {
  return {
    config_id: configId,
    remark: wish.name.trim(),
    skip_verify: skipVerify,
    state: wish.state,
    user: [...wish.memberUserids],
    party: [...(wish.partyIds ?? [])],
  }
}
