// The 'events' phase: pull the relay's events after the stored cursor, page by page, and for each page
// store the raw events, apply them in seq order and advance the cursor in ONE transaction. An
// interrupted sync therefore leaves whole pages applied or not at all, and the next run resumes at the
// cursor without counting anything twice.

import type { RelayEvent } from '../../common/relay-api'
import { SYNC_KEYS } from '../db'
import { applyEvent, codeIdCache, type CodeIdByState } from './apply-event'
import type { SyncDeps } from './ports'

export interface EventsPhaseResult {
  pulled: number
  applied: number
}

export async function runEventsPhase(
  deps: SyncDeps,
  onProgress: (done: number, total: number) => void,
): Promise<EventsPhaseResult> {
  const relay = deps.relay()
  const result: EventsPhaseResult = { pulled: 0, applied: 0 }
  const codeIdOf = codeIdCache(deps.db)
  // Leftovers from an older version that stored without applying: apply them before new ones.
  applyStored(deps, codeIdOf, result)
  if (!relay) return result

  const pageSize = deps.eventsPageSize ?? 500
  let cursor = deps.db.syncState.getNumber(SYNC_KEYS.relayCursor) ?? 0
  for (;;) {
    const page = await relay.events({ after: cursor, limit: pageSize })
    const events = [...page.events].sort((a, b) => a.seq - b.seq)
    deps.db.transaction(() => {
      deps.db.events.insertMany(events)
      applyBatch(deps, events, codeIdOf, result)
      deps.db.syncState.setNumber(SYNC_KEYS.relayCursor, Math.max(cursor, page.nextCursor))
    })
    result.pulled += events.length
    // The relay does not say how many remain; report what is done, with total growing as pages come.
    onProgress(result.pulled, result.pulled + (page.hasMore ? pageSize : 0))
    if (!page.hasMore || events.length === 0 || page.nextCursor <= cursor) break
    cursor = page.nextCursor
  }
  return result
}

function applyBatch(
  deps: SyncDeps,
  events: RelayEvent[],
  codeIdOf: CodeIdByState,
  result: EventsPhaseResult,
) {
  const now = (deps.now ?? Date.now)()
  for (const event of events) {
    deps.faults?.beforeApplyEvent?.(event, result.applied)
    applyEvent(deps.db, event, codeIdOf)
    result.applied += 1
  }
  deps.db.events.markApplied(
    events.map((e) => e.seq),
    now,
  )
}

function applyStored(deps: SyncDeps, codeIdOf: CodeIdByState, result: EventsPhaseResult) {
  for (;;) {
    const stored = deps.db.events.listUnapplied(500)
    if (stored.length === 0) return
    deps.db.transaction(() => applyBatch(deps, stored, codeIdOf, result))
  }
}
