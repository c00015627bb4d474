// Applies one relay event to the relations, by PRODUCT.md's counting rules. The half and the full add
// of one scan both arrive; recordAdd is idempotent for a current relation, so the pair counts once.
// Anything else (edits, transfer failures, change types WeCom adds later) is stored and not acted on.

import type { RelayEvent } from '../../common/relay-api'
import type { SyncDb } from './ports'

export type CodeIdByState = (state: string) => number | null

export type EventEffect = 'added' | 'readded' | 'lost' | 'none'

export function applyEvent(
  db: Pick<SyncDb, 'relations'>,
  event: RelayEvent,
  codeIdOf: CodeIdByState,
): EventEffect {
  if (!event.userid || !event.externalUserid) return 'none'
  const at = event.createTime * 1000
  switch (event.changeType) {
    case 'add_external_contact':
    case 'add_half_external_contact': {
      // A state we never issued (another tool's way, or none) cannot be tied to a code.
      const codeId = event.state ? codeIdOf(event.state) : null
      if (codeId === null) return 'none'
      const outcome = db.relations.recordAdd(codeId, event.externalUserid, event.userid, at, 'event')
      return outcome === 'unchanged' ? 'none' : outcome
    }
    case 'del_follow_user':
      return db.relations.recordLost(
        event.externalUserid,
        event.userid,
        'customer_deleted_member',
        at,
        'event',
      ) > 0
        ? 'lost'
        : 'none'
    case 'del_external_contact':
      return db.relations.recordLost(
        event.externalUserid,
        event.userid,
        'member_deleted_customer',
        at,
        'event',
      ) > 0
        ? 'lost'
        : 'none'
    default:
      return 'none'
  }
}

/** Memoises state → code id for one sync run (deleted codes included: their old events still count). */
export function codeIdCache(db: Pick<SyncDb, 'codes'>): CodeIdByState {
  const cache = new Map<string, number | null>()
  return (state) => {
    let id = cache.get(state)
    if (id === undefined) {
      id = db.codes.getByState(state)?.id ?? null
      cache.set(state, id)
    }
    return id
  }
}
