// What the sync service needs: the database, the current WeCom and relay clients, and the codes service
// for the 'codes' phase (pending relay pushes and imports).

import type { AppDatabase } from '../db'
import type { CodesService } from '../codes/service'
import type { RelayClient } from '../relay-client/types'
import type { WeComClient } from '../../wecom/types'
import type { CallbackConfig, RelayEvent } from '../../common/relay-api'
import type { WelcomeContent } from '../../common/domain'
import type { Connectivity } from './connectivity'
import type { WriterMode } from './write-queue'

export type SyncDb = Pick<
  AppDatabase,
  | 'codes'
  | 'members'
  | 'departments'
  | 'tags'
  | 'customers'
  | 'relations'
  | 'events'
  | 'relayRecords'
  | 'syncState'
  | 'transaction'
> &
  // The file, when there is one: the reconcile's page writer thread opens its own connection to it.
  Partial<Pick<AppDatabase, 'file'>>

export interface SyncFaults {
  /** Called before each event is applied; throwing aborts the sync there (tests of interrupted syncs). */
  beforeApplyEvent?: (event: RelayEvent, appliedSoFar: number) => void
}

export interface SyncDeps {
  db: SyncDb
  wecom: () => WeComClient
  /** null when no relay is configured: the events phase and relay pushes are skipped. */
  relay: () => RelayClient | null
  codes: Pick<
    CodesService,
    'pushPending' | 'pendingPushes' | 'importFromWeCom' | 'cacheMissingQr' | 'carryOutDueDeletes'
  >
  /** Shared with the clients, which report every call; the sync reads it for the 离线 state. */
  connectivity: Connectivity
  /** The relay's Token and EncodingAESKey, read at every sync (the setup screen shows them). */
  onCallbackConfig?: (config: CallbackConfig) => void
  /** defaultWelcome, when given, is pushed to the relay whenever it changes. */
  settings: () => { timeZone: string; defaultWelcome?: WelcomeContent }
  now?: () => number
  log?: (message: string, detail?: unknown) => void
  /** Events pulled and applied per transaction (default 500). */
  eventsPageSize?: number
  /** batch/get_by_user chains in flight at once (default 8, the WeCom client's default concurrency). */
  reconcileConcurrency?: number
  /** Where the reconcile stores its pages (write-queue.ts); default 'auto'. */
  reconcileWriter?: WriterMode
  faults?: SyncFaults
}

export type ProgressFn = (
  phase: 'events' | 'members' | 'tags' | 'codes' | 'qr' | 'customers' | 'repair',
  done: number,
  total: number,
) => void
