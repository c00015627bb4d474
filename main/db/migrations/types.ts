// The shape of one migration step. A shipped step is never edited: change the schema with a new one.

import type Database from 'better-sqlite3'

export interface Migration {
  /** Strictly increasing, starting at 1; also written to PRAGMA user_version. */
  version: number
  name: string
  up(db: Database.Database): void
  /**
   * The step rebuilds a table another table references: foreign keys are switched off around it
   * (they cannot be inside a transaction) and PRAGMA foreign_key_check must pass before commit.
   */
  rebuildsTables?: boolean
}
