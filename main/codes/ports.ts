// What the codes service needs from the rest of main. The database is the AppDatabase (or a subset,
// so tests can wrap a repository to inject a failure); WeCom and the relay come through getters
// because the workspace can be reconnected while the app runs.

import type { StoredRouting } from '../db/repos/routing'
import type { WelcomeContent } from '../../common/domain'
import type { AppDatabase } from '../db'
import type { RelayClient } from '../relay-client/types'
import type { WeComClient } from '../../wecom/types'
import type { QrImageReader } from './qr-content'

export type CodesDb = Pick<AppDatabase, 'codes' | 'members' | 'tags' | 'syncState' | 'pendingDeletes'>

export interface WorkspaceSettings {
  timeZone: string
  defaultWelcome: WelcomeContent
}

export interface CodesDeps {
  db: CodesDb
  /** The current workspace's WeCom client. */
  wecom: () => WeComClient
  /** The relay client, or null when no relay is configured yet (policies then stay pending). */
  relay: () => RelayClient | null
  settings: () => WorkspaceSettings
  /** Reads the URL inside a QR image (the sandbox rewrites its loopback host first). */
  readQr: QrImageReader
  /** Told when a relay push was left pending, so a retry can be scheduled. */
  onPushPending?: () => void
  /** How long a delete can be undone before WeCom's way goes (default 5 s). */
  deleteUndoMs?: number
  /** Told when a delete was scheduled or undone, so the delete timer can be (re)set. */
  onDeletesChanged?: () => void
  now?: () => number
  log?: (message: string, detail?: unknown) => void
  /** A code's smart-routing rules, pushed with its policy (main/db/repos/routing.ts). */
  routingOf?: (codeId: number) => StoredRouting | null
}
