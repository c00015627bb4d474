// The codes service's public surface for main/core.ts.

export { bridgeCode, createCodesService, type CodesService } from './service'
export type { CodesDb, CodesDeps, WorkspaceSettings } from './ports'
export type { ImportResult } from './import'
export type { PendingResult } from './relay-push'
export { codeCustomers, codeStats, STATS_DAYS, type StatsDb } from './stats'
export { policyOf } from './policy'
export { DEFAULT_DELETE_UNDO_MS, type CarryOutResult } from './deferred-delete'
export { createDeleteTimer, type DeleteTimer } from './delete-timer'
