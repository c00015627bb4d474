// Starting a sync and reading its status (progress, reachability, outcome); the renderer also hears
// every change through the contract's events.

import type { Handlers } from '../../common/contract'
import type { HandlerEnv } from './types'

type SyncCalls = 'runSync' | 'getSyncStatus'

export function syncHandlers(env: HandlerEnv): Pick<Handlers, SyncCalls> {
  return {
    async runSync() {
      return env.ctx().sync.start()
    },
    async getSyncStatus() {
      return env.ctx().sync.status()
    },
  }
}
