// The desktop's local database: open it, then use the repositories. See connection.ts.

export {
  openDatabase,
  configureConnection,
  LATEST_VERSION,
  type AppDatabase,
  type OpenOptions,
} from './connection'
export {
  migrate,
  migrateTo,
  migrations,
  schemaVersion,
  checkMigrationList,
  type Migration,
} from './migrations'
export {
  DuplicateCodeNameError,
  MigrationFailedError,
  NewerDatabaseError,
  UnknownMigrationError,
} from './errors'
export type { CodeChanges, CodesRepo, NewCode, StoredCode } from './repos/codes'
export type { PendingDelete, PendingDeletesRepo, UndoOutcome } from './repos/pending-deletes'
export type {
  AddOutcome,
  Relation,
  RelationHistoryEntry,
  RelationSource,
  RelationsRepo,
} from './repos/relations'
export type { SyncedMember, MembersRepo } from './repos/members'
export type { TagsRepo } from './repos/tags'
export type { DepartmentsRepo } from './repos/departments'
export type { Customer, CustomersRepo } from './repos/customers'
export type { EventsRepo, StoredEvent } from './repos/events'
export type { RelayRecordsRepo, TagRepair } from './repos/relay-records'
export { SYNC_KEYS, type SyncStateRepo } from './repos/sync-state'
export type { StoredWorkspace, WorkspaceRepo } from './repos/workspace'
export { lastZonedDays, startOfZonedDay, zonedDate, zoneOffsetMs } from './zoned-days'
