// One PostgreSQL migration step: SQL run in its own transaction, recorded in relay_schema.

import type pg from 'pg'

export interface PgMigration {
  version: number
  name: string
  up(client: pg.PoolClient): Promise<void>
}
