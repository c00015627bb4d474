// add_contact_way without ever making a second way. WeCom's -1 ("system busy") or a lost answer on a
// create may mean the way was made (WECOM.md): resending would leave a duplicate way — a second QR
// adding customers under the same state. The state is this app's idempotency key, so before asking
// again the ways made in the last few minutes are looked up by it.

import type { ContactWayInput, WeComClient } from '../../wecom/types'
import { isWeComError, WeComNetworkError } from '../../wecom/errors'
import { sleep } from '../../wecom/rate-limiter'

const ATTEMPTS = 3
/** How far back a lost create can have landed (list_contact_way filters on creation time, seconds). */
const LOOKBACK_S = 10 * 60

type Made = { config_id: string; qr_code: string }

export interface AddWayOptions {
  now: () => number
  /** A way that already has this state (the one a replacement retires): never taken as the new one. */
  ignoreConfigId?: string
  backoffMs?: number
}

export async function addWayOnce(
  wecom: Pick<WeComClient, 'addContactWay' | 'listContactWay' | 'getContactWay'>,
  input: ContactWayInput,
  options: AddWayOptions,
): Promise<Made> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await wecom.addContactWay(input)
    } catch (error) {
      if (!mayHaveBeenMade(error) || attempt >= ATTEMPTS) throw error
      const made = await findByState(wecom, input.state, options).catch(() => {
        // Cannot look it up (offline): asking again could duplicate, so the first error stands.
        throw error
      })
      if (made) return made
      await sleep((options.backoffMs ?? 400) * attempt)
    }
  }
}

function mayHaveBeenMade(error: unknown): boolean {
  return isWeComError(error, -1) || error instanceof WeComNetworkError
}

async function findByState(
  wecom: Pick<WeComClient, 'listContactWay' | 'getContactWay'>,
  state: string,
  options: AddWayOptions,
): Promise<Made | null> {
  const end = Math.ceil(options.now() / 1000) + 60
  let cursor = ''
  do {
    const page = await wecom.listContactWay({
      start_time: end - LOOKBACK_S,
      end_time: end,
      limit: 100,
      ...(cursor ? { cursor } : {}),
    })
    for (const id of page.config_ids) {
      if (id === options.ignoreConfigId) continue
      const way = await wecom.getContactWay(id)
      if (way.state === state) return { config_id: way.config_id, qr_code: way.qr_code }
    }
    cursor = page.next_cursor
  } while (cursor)
  return null
}
