// Applies one relay event to the relations, by PRODUCT.md's counting rules and what real WeCom sends
// (WECOM.md, facts added after the first release):
// - a half-add counts at once, marked pending confirmation; the full add only confirms it (one add);
// - del_external_contact with Source=DELETE_BY_TRANSFER is a handover under way, not a loss: the
//   takeover member gets the customer without an add event, and reconcile finds them there;
// - transfer_fail leaves the customer with whoever served them, with the reason kept to show.
// Anything else (edits, change types WeCom adds later) is stored and not acted on.

import type { RelayEvent } from '../../common/relay-api'
import type { SyncDb } from './ports'

export type CodeIdByState = (state: string) => number | null

export type EventEffect = 'added' | 'readded' | 'confirmed' | 'lost' | 'handover' | 'none'

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
      const half = event.changeType === 'add_half_external_contact'
      const outcome = db.relations.recordAdd(codeId, event.externalUserid, event.userid, at, 'event', {
        half,
      })
      // Only reconcile revives a loss it judged; an event never does.
      return outcome === 'unchanged' || outcome === 'revived' ? 'none' : outcome
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
      if (event.source === 'DELETE_BY_TRANSFER') {
        return db.relations.markHandoverPending(event.externalUserid, event.userid) > 0 ? 'handover' : 'none'
      }
      return db.relations.recordLost(
        event.externalUserid,
        event.userid,
        'member_deleted_customer',
        at,
        'event',
      ) > 0
        ? 'lost'
        : 'none'
    case 'transfer_fail':
      // UserID is the takeover member; FailReason travels in the relay's source field.
      return db.relations.markHandoverFailed(event.externalUserid, event.userid, event.source) > 0
        ? 'handover'
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
