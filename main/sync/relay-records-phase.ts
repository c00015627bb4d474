// After the events: the relay's records the app shows beside its counts — what became of each
// welcome and tagging job (so the customer list can say who got no welcome, and reconcile knows which
// tags the relay applied), and when the relay itself was down.
//
// Job outcomes change after they are first listed (pending → done), and the relay pages them by id,
// so the cursor only moves past a prefix of final outcomes; the few still pending are read again next
// time. Gaps are a short list: read whole and replaced.

import type { ActionOutcome } from '../../common/relay-api'
import { SYNC_KEYS } from '../db'
import { isRelayError } from '../relay-client/errors'
import type { SyncDeps } from './ports'

const FINAL: ReadonlySet<ActionOutcome['status']> = new Set(['done', 'failed', 'dead', 'skipped'])

export interface RelayRecordsResult {
  actions: number
  gaps: number
}

type Relay = NonNullable<ReturnType<SyncDeps['relay']>>

/** Every kind from a relay that knows `kinds=all`; a relay of release 0.1 refuses it (400) and has no others. */
async function actionsPage(relay: Relay, after: number) {
  try {
    return await relay.actions({ after, limit: 500, kinds: 'all' })
  } catch (e) {
    if (isRelayError(e) && e.kind === 'bad_request') return relay.actions({ after, limit: 500 })
    throw e
  }
}

export async function runRelayRecordsPhase(
  deps: Pick<SyncDeps, 'db' | 'relay'>,
): Promise<RelayRecordsResult> {
  const relay = deps.relay()
  const result: RelayRecordsResult = { actions: 0, gaps: 0 }
  if (!relay) return result
  // `settled` is saved: every job up to it is final. `read` only pages this run forward.
  let settled = deps.db.syncState.getNumber(SYNC_KEYS.actionsCursor) ?? 0
  let read = settled
  let open = false
  for (;;) {
    const page = await actionsPage(relay, read)
    for (const a of page.actions) {
      if (!open && FINAL.has(a.status)) settled = a.id
      else open = true
    }
    deps.db.transaction(() => {
      deps.db.relayRecords.upsertActions(page.actions)
      deps.db.syncState.setNumber(SYNC_KEYS.actionsCursor, settled)
    })
    result.actions += page.actions.length
    if (!page.hasMore || page.actions.length === 0 || page.nextCursor <= read) break
    read = page.nextCursor
  }
  const { gaps } = await relay.gaps({ since: 0 })
  deps.db.relayRecords.replaceGaps(gaps)
  result.gaps = gaps.length
  return result
}
