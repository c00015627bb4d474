// The ordered list of schema steps and the runner: each pending step in its own transaction, the
// version kept in schema_version and mirrored in PRAGMA user_version, and a database from a newer app
// (or with steps this app never shipped) refused rather than guessed at. After Signal-Desktop's
// ts/sql/migrations and Actual's migrate/migrations.ts.

import type Database from 'better-sqlite3'
import { MigrationFailedError, NewerDatabaseError, UnknownMigrationError } from '../errors'
import { initial } from './0001-initial'
import { historyAndEvents } from './0002-history-and-events'
import { qrContentAndListIndexes } from './0003-qr-content-and-list-indexes'
import { codesStateUniqueWhenSet } from './0004-codes-state-unique-when-set'
import { relayRecordsAndApiBase } from './0005-relay-records-and-api-base'
import type { Migration } from './types'

export type { Migration } from './types'

export const migrations: readonly Migration[] = [
  initial,
  historyAndEvents,
  qrContentAndListIndexes,
  codesStateUniqueWhenSet,
  relayRecordsAndApiBase,
]

/** Throws when versions are not 1, 2, 3 … in order: a gap or a repeat is a programming error. */
export function checkMigrationList(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    const prev = i === 0 ? 0 : list[i - 1]!.version
    if (!Number.isInteger(m.version) || m.version <= prev) {
      throw new Error(`Migration "${m.name}" has version ${m.version}; versions must strictly increase`)
    }
  })
}

checkMigrationList(migrations)

export const LATEST_VERSION = migrations[migrations.length - 1]!.version

function ensureVersionTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`)
}

/** The applied schema version: schema_version's highest row, or user_version for a bare file. */
export function schemaVersion(db: Database.Database): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    .get()
  const fromPragma = Number(db.pragma('user_version', { simple: true }) ?? 0)
  if (!table) return fromPragma
  const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null }
  return Math.max(row.v ?? 0, fromPragma)
}

export interface MigrateOptions {
  /** Stop after this version (tests build databases as an older app would have left them). */
  target?: number
  /** Defaults to the shipped list; tests pass their own to exercise failures. */
  list?: readonly Migration[]
  now?: () => number
}

/** Brings the database up to `target` (default: the newest). Returns the version reached. */
export function migrate(db: Database.Database, options: MigrateOptions = {}): number {
  const list = options.list ?? migrations
  checkMigrationList(list)
  const latest = list.length === 0 ? 0 : list[list.length - 1]!.version
  const target = options.target ?? latest
  const now = options.now ?? Date.now

  const current = schemaVersion(db)
  if (current > latest) throw new NewerDatabaseError(current, latest)
  ensureVersionTable(db)
  const known = new Set(list.map((m) => m.version))
  const applied = db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all() as number[]
  for (const v of applied) if (!known.has(v)) throw new UnknownMigrationError(v)

  for (const step of list) {
    if (step.version <= current || step.version > target) continue
    const foreignKeys = Number(db.pragma('foreign_keys', { simple: true })) === 1
    if (step.rebuildsTables && foreignKeys) db.pragma('foreign_keys = OFF')
    try {
      // IMMEDIATE takes the write lock first, so a second process opening the same file waits and
      // then sees the step already applied instead of applying it twice.
      db.transaction(() => {
        if (schemaVersion(db) >= step.version) return
        step.up(db)
        if (step.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[]
          if (broken.length > 0)
            throw new Error(`foreign key check failed after rebuild: ${JSON.stringify(broken[0])}`)
        }
        db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(
          step.version,
          step.name,
          now(),
        )
        // user_version lives in the file header and is written by the same transaction.
        db.pragma(`user_version = ${step.version}`)
      }).immediate()
    } catch (error) {
      throw new MigrationFailedError(step.version, step.name, error)
    } finally {
      if (step.rebuildsTables && foreignKeys) db.pragma('foreign_keys = ON')
    }
  }
  return schemaVersion(db)
}

/** Migrates only up to version n (for tests and tools). */
export function migrateTo(db: Database.Database, n: number): number {
  return migrate(db, { target: n })
}
