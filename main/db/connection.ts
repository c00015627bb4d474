// Opens the desktop's SQLite file: WAL (readers never wait for the writer), synchronous=NORMAL (WAL
// stays consistent on power loss; the last commits may roll back, and the relay keeps every event
// durably so a re-pull restores them), foreign keys on, then brings the schema up to date.

import Database from 'better-sqlite3'
import { LATEST_VERSION, migrate, schemaVersion, type MigrateOptions } from './migrations'
import { createCodesRepo, type CodesRepo } from './repos/codes'
import { createCodeGroupsRepo, type CodeGroupsRepo } from './repos/code-groups'
import { createQrStylesRepo, type QrStylesRepo } from './repos/qr-styles'
import { createCustomersRepo, type CustomersRepo } from './repos/customers'
import { createDepartmentsRepo, type DepartmentsRepo } from './repos/departments'
import { createEventsRepo, type EventsRepo } from './repos/events'
import { createMembersRepo, type MembersRepo } from './repos/members'
import { createPendingDeletesRepo, type PendingDeletesRepo } from './repos/pending-deletes'
import { createRelationsRepo, type RelationsRepo } from './repos/relations'
import { createRelayRecordsRepo, type RelayRecordsRepo } from './repos/relay-records'
import { createFunnelRepo, type FunnelRepo } from './repos/funnel'
import { createSyncStateRepo, type SyncStateRepo } from './repos/sync-state'
import { createTagsRepo, type TagsRepo } from './repos/tags'
import { createWorkspaceRepo, type WorkspaceRepo } from './repos/workspace'
import { createSql } from './sql'

export interface AppDatabase {
  readonly file: string
  /** The raw connection, for tools and tests; services use the repositories. */
  readonly sqlite: Database.Database
  readonly version: number
  readonly workspace: WorkspaceRepo
  readonly departments: DepartmentsRepo
  readonly members: MembersRepo
  readonly tags: TagsRepo
  readonly codes: CodesRepo
  /** Deletes inside their undo window or waiting for WeCom. */
  readonly pendingDeletes: PendingDeletesRepo
  readonly customers: CustomersRepo
  readonly relations: RelationsRepo
  readonly events: EventsRepo
  readonly relayRecords: RelayRecordsRepo
  /** The delivery funnel of a code (issue 17). */
  readonly funnel: FunnelRepo
  readonly syncState: SyncStateRepo
  /** Folders of the code list (db step 14). */
  readonly codeGroups: CodeGroupsRepo
  /** Each code's QR colours, caption and logo (db step 14). */
  readonly qrStyles: QrStylesRepo
  /** Runs several repository calls as one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T
  close(): void
}

export interface OpenOptions {
  /** Milliseconds a writer waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number
  /** Called with each statement's SQL as it runs (values inlined); for debugging and plan tests. */
  trace?: (sql: string) => void
  /** Tests only: stop migrating at this version. */
  migrateTo?: MigrateOptions['target']
}

/** Sets the per-connection pragmas every opener (app and tests) must agree on. */
export function configureConnection(db: Database.Database, busyTimeoutMs = 5000): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
  // WAL is refused (and 'memory' kept) for in-memory databases; that is fine.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
}

export function openDatabase(file: string, options: OpenOptions = {}): AppDatabase {
  const trace = options.trace
  const db = new Database(file, trace ? { verbose: (message) => trace(String(message)) } : {})
  try {
    configureConnection(db, options.busyTimeoutMs)
    migrate(db, options.migrateTo === undefined ? {} : { target: options.migrateTo })
  } catch (error) {
    db.close()
    throw error
  }
  const sql = createSql(db)
  return {
    file,
    sqlite: db,
    version: schemaVersion(db),
    workspace: createWorkspaceRepo(sql),
    departments: createDepartmentsRepo(sql),
    members: createMembersRepo(sql),
    tags: createTagsRepo(sql),
    codes: createCodesRepo(sql),
    pendingDeletes: createPendingDeletesRepo(sql),
    customers: createCustomersRepo(sql),
    relations: createRelationsRepo(sql),
    events: createEventsRepo(sql),
    relayRecords: createRelayRecordsRepo(sql),
    funnel: createFunnelRepo(sql),
    syncState: createSyncStateRepo(sql),
    codeGroups: createCodeGroupsRepo(sql),
    qrStyles: createQrStylesRepo(sql),
    transaction: (fn) => sql.tx(fn),
    close() {
      if (db.open) {
        // Folds the WAL back into the main file so a copied .db is complete on its own.
        if (!db.memory) db.pragma('wal_checkpoint(TRUNCATE)')
        db.close()
      }
    },
  }
}

export { LATEST_VERSION }
