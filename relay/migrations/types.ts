// One relay store migration: the shared runner's step over a better-sqlite3 connection.

import type Database from 'better-sqlite3'
import type { Migration } from '../../common/sqlite-migrations'

export type RelayMigration = Migration<Database.Database>
