// The WeCom "contact me" way a code is: built from the desired code so create, edit, compensation and
// the relay's schedule flips all send the same full state (update_contact_way overwrites, WECOM.md).

import type { AutoAccept } from '../../common/domain'
import type { ContactWayInput } from '../wecom/types'
import { skipVerifyFor, wayTypeFor } from './skip-verify'

export interface WayWish {
  name: string
  state: string
  memberUserids: string[]
  autoAccept: AutoAccept
}

export function wayInput(wish: WayWish, now: number, timeZone: string): ContactWayInput {
  return {
    type: wayTypeFor(wish.memberUserids),
    scene: 2,
    remark: wish.name.trim(),
    skip_verify: skipVerifyFor(wish.autoAccept, now, timeZone),
    state: wish.state,
    user: [...wish.memberUserids],
  }
}

export function wayUpdate(wish: WayWish, configId: string, now: number, timeZone: string) {
  const { type: _type, scene: _scene, ...rest } = wayInput(wish, now, timeZone)
  return { ...rest, config_id: configId }
}
