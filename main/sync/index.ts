// The sync service's public surface for main/core.ts.

export { createSyncService, type ProgressListener, type SyncService } from './service'
export type { SyncDb, SyncDeps, SyncFaults } from './ports'
export { isOfflineError } from './offline'
export { SETTINGS_HASH_KEY } from './settings-push'
