// The PostgreSQL store's numbered migrations. Every instance runs them when it opens; a session
// advisory lock makes instances that start together take turns, so each step runs once and the
// others find it recorded. Each step is its own transaction, recorded in relay_schema; a database
// that a newer relay migrated is refused (this code would misread its tables). A shipped step is
// never edited.

import type pg from 'pg'
import { schema } from './0001-schema'
import { autoRemarkAndLapsedLeases } from './0002-auto-remark-and-lapsed-leases'
import { eventsNumberedAfterCommit } from './0003-events-numbered-after-commit'
import type { PgMigration } from './types'

export const pgMigrations: readonly PgMigration[] = [
  schema,
  autoRemarkAndLapsedLeases,
  eventsNumberedAfterCommit,
]

export const PG_SCHEMA_VERSION = pgMigrations[pgMigrations.length - 1]!.version

/** pg_advisory_lock's two-int key for migrations: "relay" and 1. */
const MIGRATION_LOCK = [0x72656c61, 1] as const

export interface MigrateOptions {
  /** Tests: stop at this step, as an older relay would have left the database. */
  target?: number
  log?: (message: string, fields?: Record<string, unknown>) => void
}

/** Brings the database to the latest step (or `target`); returns the version it is at. */
export async function migratePg(pool: pg.Pool, options: MigrateOptions = {}): Promise<number> {
  const target = options.target ?? PG_SCHEMA_VERSION
  const client = await pool.connect()
  // Checked out, the client has no pool error listener: a lost connection rejects the next statement
  // instead of ending the process, and the client is discarded.
  let broken: Error | undefined
  const lost = (error: Error) => {
    broken = error
  }
  client.on('error', lost)
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK])
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS relay_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`,
      )
      const found = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM relay_schema')
      let current = found.rows[0]?.v ?? 0
      if (current > PG_SCHEMA_VERSION)
        throw new Error(
          `中转服务的 PostgreSQL 数据库已由更新的版本升级到第 ${current} 步，本版本只认识到第 ${PG_SCHEMA_VERSION} 步，请升级中转服务`,
        )
      for (const step of pgMigrations) {
        if (step.version <= current || step.version > target) continue
        await client.query('BEGIN')
        try {
          await step.up(client)
          await client.query('INSERT INTO relay_schema (version, name, applied_at) VALUES ($1, $2, $3)', [
            step.version,
            step.name,
            Date.now(),
          ])
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {})
          throw error
        }
        current = step.version
        options.log?.('PostgreSQL 迁移完成', { version: step.version, name: step.name })
      }
      return current
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]).catch(() => {})
    }
  } finally {
    client.removeListener('error', lost)
    client.release(broken)
  }
}
