// The desktop database's ordered list of schema steps, run by the shared runner in
// common/sqlite-migrations.ts (one transaction per step, user_version, newer files refused).

import type Database from 'better-sqlite3'
import {
  checkMigrationList,
  runMigrations,
  schemaVersion,
  type RunOptions,
} from '../../../common/sqlite-migrations'
import { initial } from './0001-initial'
import { historyAndEvents } from './0002-history-and-events'
import { qrContentAndListIndexes } from './0003-qr-content-and-list-indexes'
import { codesStateUniqueWhenSet } from './0004-codes-state-unique-when-set'
import { relayRecordsAndApiBase } from './0005-relay-records-and-api-base'
import { wayTypePartyQrHistory } from './0006-way-type-party-qr-history'
import { relationOwnerConfirmHandover } from './0007-relation-owner-confirm-handover'
import { trendCounts } from './0008-trend-counts'
import { pendingDeletes } from './0009-pending-deletes'
import { relationsCodeOwnerIndex } from './0010-relations-code-owner-index'
import { codeRegistry } from './0011-code-registry'
import { codeRouting } from './0012-code-routing'
import { actionDetails } from './0013-action-details'
import { codeGroupsAndQrStyles } from './0014-code-groups-and-qr-styles'
import { codeRichWelcome } from './0015-code-rich-welcome'
import type { Migration } from './types'

export type { Migration } from './types'

export const migrations: readonly Migration[] = [
  initial,
  historyAndEvents,
  qrContentAndListIndexes,
  codesStateUniqueWhenSet,
  relayRecordsAndApiBase,
  wayTypePartyQrHistory,
  relationOwnerConfirmHandover,
  trendCounts,
  pendingDeletes,
  relationsCodeOwnerIndex,
  codeRegistry,
  codeRouting,
  actionDetails,
  codeGroupsAndQrStyles,
  codeRichWelcome,
]

checkMigrationList(migrations)

export const LATEST_VERSION = migrations[migrations.length - 1]!.version

export { checkMigrationList, schemaVersion }

export interface MigrateOptions extends RunOptions {
  /** Defaults to the shipped list; tests pass their own to exercise failures. */
  list?: readonly Migration[]
}

/** Brings the database up to `target` (default: the newest). Returns the version reached. */
export function migrate(db: Database.Database, options: MigrateOptions = {}): number {
  return runMigrations(db, options.list ?? migrations, { product: '活码助手', ...options })
}

/** Migrates only up to version n (for tests and tools). */
export function migrateTo(db: Database.Database, n: number): number {
  return migrate(db, { target: n })
}
