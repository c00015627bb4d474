// The sync service: one run has two sides that fail independently — the relay (its callback config,
// settings and pending pushes, the events, its job outcomes and outages) and WeCom (members, tags,
// imports, QR images for offline use, the customer reconcile and any 补打标签). A run that reached one
// side and not the other is 'partial' and says what it updated; only a run that reached both moves
// lastSuccessAt. Runs are single-flight; a background timer repeats them (less often while offline).
// Everything the UI reads works from SQLite without it.

import type { SyncOutcome, SyncPhase, SyncStatus } from '../../common/domain'
import { SYNC_KEYS } from '../db'
import { runCustomersPhase } from './customers-phase'
import { runEventsPhase } from './events-phase'
import { runMembersPhase } from './members-phase'
import { describeFailures, isOfflineError, whereOffline } from './offline'
import { isRelayError } from '../relay-client/errors'
import type { ProgressFn, SyncDeps } from './ports'
import { runRelayRecordsPhase } from './relay-records-phase'
import { pushSettingsIfChanged, settingsPending } from './settings-push'
import { summarize, type RunCounts } from './summary'
import { applyTagRepairs } from './tag-repair'
import { runTagsPhase } from './tags-phase'

export type ProgressListener = (status: SyncStatus) => void

export interface SyncService {
  /** Runs a sync (or joins the running one) and resolves with the final status; never rejects. */
  run(onProgress?: ProgressListener): Promise<SyncStatus>
  /** Starts a sync in the background if none is running and returns the status right away. */
  start(): SyncStatus
  status(): SyncStatus
  /** Every status change (progress, connectivity, pending pushes), for the renderer's events. */
  onStatus(listener: ProgressListener): () => void
  /** Each finished run, once. */
  onFinished(listener: ProgressListener): () => void
  /** Tell listeners the status changed for a reason outside a run (a push, a reachability flip). */
  touch(): void
  /** Repeats syncs every intervalMs while online (every 4 × intervalMs while offline). */
  startBackground(intervalMs: number): void
  stop(): void
}

type Side = 'ok' | 'offline' | 'failed' | 'skipped'

export function createSyncService(deps: SyncDeps): SyncService {
  const now = deps.now ?? Date.now
  const log = deps.log ?? (() => {})
  const state = deps.db.syncState
  const outcomeOf = (v: string | null): SyncOutcome | null =>
    v === 'ok' || v === 'partial' || v === 'failed' ? v : null
  let progress: Pick<SyncStatus, 'running' | 'phase' | 'done' | 'total'> = {
    running: false,
    phase: 'idle',
    done: 0,
    total: 0,
  }
  let running: Promise<SyncStatus> | null = null
  const listeners = new Set<ProgressListener>()
  const finishedListeners = new Set<ProgressListener>()
  let timer: NodeJS.Timeout | null = null
  let lastAttemptAt = 0
  let seq = 0

  const status = (): SyncStatus => ({
    ...progress,
    online: deps.connectivity.wecom && deps.connectivity.relay,
    wecomOnline: deps.connectivity.wecom,
    relayOnline: deps.connectivity.relay,
    lastSuccessAt: state.getNumber(SYNC_KEYS.lastSuccessAt),
    lastFinishedAt: state.getNumber(SYNC_KEYS.lastFinishedAt),
    lastOutcome: outcomeOf(state.get(SYNC_KEYS.lastOutcome)),
    lastError: state.get(SYNC_KEYS.lastError),
    lastSummary: state.get(SYNC_KEYS.lastSummary),
    pendingPushes: deps.codes.pendingPushes() + (settingsPending(deps) ? 1 : 0),
    // From the clock, so a restarted core (the window stayed open) still counts above its last run.
    seq: (seq = Math.max(seq + 1, Date.now())),
  })

  const publish = (patch: Partial<typeof progress> = {}) => {
    progress = { ...progress, ...patch }
    const current = status()
    for (const listener of listeners) listener(current)
  }
  deps.connectivity.onChange(() => publish())

  const execute = async (): Promise<SyncStatus> => {
    lastAttemptAt = now()
    state.setNumber(SYNC_KEYS.lastAttemptAt, lastAttemptAt)
    publish({ running: true, phase: 'events', done: 0, total: 0 })
    const reportProgress: ProgressFn = (phase, done, total) => publish({ phase, done, total })
    const phase = (name: Exclude<SyncPhase, 'idle' | 'done' | 'error'>) => {
      publish({ phase: name, done: 0, total: 0 })
      return (done: number, total: number) => reportProgress(name, done, total)
    }
    const counts: RunCounts = {
      events: 0,
      members: 0,
      imported: 0,
      qrCached: 0,
      customers: 0,
      added: 0,
      lost: 0,
      handedOver: 0,
      repaired: 0,
    }
    const errors: { side: 'relay' | 'wecom'; error: unknown }[] = []

    // The relay side: whatever it holds is applied even when WeCom is down.
    let relaySide: Side = 'skipped'
    if (deps.relay()) {
      try {
        const relay = deps.relay()!
        deps.onCallbackConfig?.(await relay.callbackConfig({}))
        await pushSettingsIfChanged(deps)
        const pending = await deps.codes.pushPending()
        // One refused policy is logged and stays pending; an unreachable relay ends this side.
        if (isRelayError(pending.error) && pending.error.kind !== 'bad_request') throw pending.error
        counts.events = (await runEventsPhase(deps, phase('events'))).applied
        await runRelayRecordsPhase(deps)
        relaySide = 'ok'
      } catch (error) {
        relaySide = isOfflineError(error) ? 'offline' : 'failed'
        errors.push({ side: 'relay', error })
      }
    } else {
      // Leftovers stored by an older version are applied even without a relay.
      counts.events = (await runEventsPhase(deps, phase('events'))).applied
    }

    // The WeCom side.
    let wecomSide: Side
    try {
      counts.members = (await runMembersPhase(deps, phase('members'))).members
      phase('tags')
      await runTagsPhase(deps)
      // Deletes whose undo window passed while WeCom was unreachable: a failure stays pending (logged).
      await deps.codes.carryOutDueDeletes()
      counts.imported = (await deps.codes.importFromWeCom(phase('codes'))).imported
      counts.qrCached = (await deps.codes.cacheMissingQr(phase('qr'))).cached
      const reconciled = await runCustomersPhase(deps, phase('customers'))
      counts.customers = reconciled.customers
      counts.added = reconciled.added
      counts.lost = reconciled.lost
      counts.handedOver = reconciled.handedOver
      counts.repaired = (await applyTagRepairs(deps, reconciled.repairs, phase('repair'))).repaired
      wecomSide = 'ok'
    } catch (error) {
      wecomSide = isOfflineError(error) ? 'offline' : 'failed'
      errors.push({ side: 'wecom', error })
    }

    const at = now()
    const reached = [relaySide, wecomSide].filter((s) => s === 'ok').length
    const failedSides = [relaySide, wecomSide].filter((s) => s === 'offline' || s === 'failed').length
    const outcome: SyncOutcome = failedSides === 0 ? 'ok' : reached > 0 ? 'partial' : 'failed'
    const message = describeFailures(
      errors,
      outcome,
      state.getNumber(SYNC_KEYS.lastSuccessAt),
      deps.settings().timeZone,
    )
    for (const { error } of errors) if (!isOfflineError(error)) log('sync failed', error)
    deps.db.transaction(() => {
      if (outcome === 'ok') state.setNumber(SYNC_KEYS.lastSuccessAt, at)
      state.setNumber(SYNC_KEYS.lastFinishedAt, at)
      state.set(SYNC_KEYS.lastOutcome, outcome)
      state.set(SYNC_KEYS.lastError, message)
      state.set(
        SYNC_KEYS.lastSummary,
        summarize(counts, { relay: relaySide === 'ok', wecom: wecomSide === 'ok' }),
      )
    })
    publish({ running: false, phase: outcome === 'ok' ? 'done' : 'error', done: 0, total: 0 })
    const final = status()
    for (const listener of finishedListeners) listener(final)
    return final
  }

  const run = (onProgress?: ProgressListener): Promise<SyncStatus> => {
    if (onProgress) listeners.add(onProgress)
    if (!running) {
      running = execute().finally(() => {
        running = null
      })
    }
    const mine = running
    return onProgress ? mine.finally(() => listeners.delete(onProgress)) : mine
  }

  return {
    run,
    start() {
      void run()
      return status()
    },
    status,
    onStatus(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onFinished(listener) {
      finishedListeners.add(listener)
      return () => finishedListeners.delete(listener)
    },
    touch: () => publish(),
    startBackground(intervalMs) {
      if (timer || intervalMs <= 0) return
      const tick = Math.max(200, Math.floor(intervalMs / 4))
      timer = setInterval(() => {
        if (running) return
        const online = deps.connectivity.wecom && deps.connectivity.relay
        const wait = online ? intervalMs : intervalMs * 4
        if (now() - lastAttemptAt >= wait) void run()
      }, tick)
      // A pending timer must not keep the app (or a test process) alive.
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}

export { whereOffline }
