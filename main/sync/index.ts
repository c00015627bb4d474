// The sync service's public surface for main/core.ts.

export { createSyncService, type ProgressListener, type SyncService } from './service'
export type { SyncDb, SyncDeps, SyncFaults } from './ports'
export { isOfflineError } from './offline'
export { pushSettingsIfChanged, settingsPending, SETTINGS_HASH_KEY } from './settings-push'
export { forgetRelay } from './relay-reset'
