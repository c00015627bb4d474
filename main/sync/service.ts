// The sync service: one run pulls relay events, mirrors members and tags, retries pending relay pushes
// and imports, then reconciles customers — reporting progress and keeping a SyncStatus. Runs are
// single-flight (a second call joins the running one); a background timer repeats them while online
// and probes less often while offline. Everything the UI reads works from SQLite without it.

import type { SyncPhase, SyncStatus } from '../../common/domain'
import { SYNC_KEYS } from '../db'
import { runCustomersPhase } from './customers-phase'
import { runEventsPhase } from './events-phase'
import { runMembersPhase } from './members-phase'
import { failureMessage, isOfflineError, offlineMessage } from './offline'
import type { ProgressFn, SyncDeps } from './ports'
import { pushSettingsIfChanged } from './settings-push'
import { runTagsPhase } from './tags-phase'

export type ProgressListener = (status: SyncStatus) => void

export interface SyncService {
  /** Runs a sync (or joins the running one) and resolves with the final status; never rejects. */
  run(onProgress?: ProgressListener): Promise<SyncStatus>
  /** Starts a sync in the background if none is running and returns the status right away. */
  start(): SyncStatus
  status(): SyncStatus
  /** Repeats syncs every intervalMs while online (every 4 × intervalMs while offline). */
  startBackground(intervalMs: number): void
  stop(): void
}

export function createSyncService(deps: SyncDeps): SyncService {
  const now = deps.now ?? Date.now
  const log = deps.log ?? (() => {})
  const state = deps.db.syncState
  let status: SyncStatus = {
    running: false,
    phase: 'idle',
    done: 0,
    total: 0,
    online: true,
    lastSuccessAt: state.getNumber(SYNC_KEYS.lastSuccessAt),
    lastError: state.get(SYNC_KEYS.lastError),
  }
  let running: Promise<SyncStatus> | null = null
  const listeners = new Set<ProgressListener>()
  let timer: NodeJS.Timeout | null = null
  let lastAttemptAt = 0

  const publish = (patch: Partial<SyncStatus>) => {
    status = { ...status, ...patch }
    for (const listener of listeners) listener(status)
  }

  const execute = async (): Promise<SyncStatus> => {
    lastAttemptAt = now()
    state.setNumber(SYNC_KEYS.lastAttemptAt, lastAttemptAt)
    publish({ running: true, phase: 'events', done: 0, total: 0 })
    const progress: ProgressFn = (phase, done, total) => publish({ phase, done, total })
    const phase = (name: Exclude<SyncPhase, 'idle' | 'done' | 'error'>) => {
      publish({ phase: name, done: 0, total: 0 })
      return (done: number, total: number) => progress(name, done, total)
    }
    try {
      await runEventsPhase(deps, phase('events'))
      await runMembersPhase(deps, phase('members'))
      phase('tags')
      await runTagsPhase(deps)
      await runCodesPhase(deps, phase('codes'))
      await runCustomersPhase(deps, phase('customers'))
      const at = now()
      state.setNumber(SYNC_KEYS.lastSuccessAt, at)
      state.set(SYNC_KEYS.lastError, null)
      publish({ running: false, phase: 'done', online: true, lastSuccessAt: at, lastError: null })
    } catch (error) {
      const offline = isOfflineError(error)
      const message = offline
        ? offlineMessage(error, status.lastSuccessAt, deps.settings().timeZone)
        : failureMessage(error)
      if (!offline) log('sync failed', error)
      state.set(SYNC_KEYS.lastError, message)
      publish({ running: false, phase: 'error', online: !offline, lastError: message })
    }
    return status
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
      return status
    },
    status: () => status,
    startBackground(intervalMs) {
      if (timer || intervalMs <= 0) return
      const tick = Math.max(1000, Math.floor(intervalMs / 4))
      timer = setInterval(() => {
        if (running) return
        const wait = status.online ? intervalMs : intervalMs * 4
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

/** Relay settings if changed, relay pushes left pending (a failed create push, a deletion the relay missed), then imports. */
async function runCodesPhase(
  deps: SyncDeps,
  onProgress: (done: number, total: number) => void,
): Promise<void> {
  await pushSettingsIfChanged(deps)
  const pending = await deps.codes.pushPending(onProgress)
  if (pending.error && isOfflineError(pending.error)) throw pending.error
  await deps.codes.importFromWeCom(onProgress)
}
