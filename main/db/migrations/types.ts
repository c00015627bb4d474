// The shape of one desktop migration step (the shared runner's, over a better-sqlite3 connection).
// A shipped step is never edited: change the schema with a new one.

import type Database from 'better-sqlite3'
import type { Migration as Step } from '../../../common/sqlite-migrations'

export type Migration = Step<Database.Database>
