// The shape of one migration step. A shipped step is never edited: change the schema with a new one.

import type Database from 'better-sqlite3'

export interface Migration {
  /** Strictly increasing, starting at 1; also written to PRAGMA user_version. */
  version: number
  name: string
  up(db: Database.Database): void
}
