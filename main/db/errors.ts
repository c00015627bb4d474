// Errors the database layer raises, each with a Chinese message a manager can act on followed by the
// English one for logs and support.

export {
  MigrationFailedError,
  NewerDatabaseError,
  UnknownMigrationError,
} from '../../common/sqlite-migrations'

export class DuplicateCodeNameError extends Error {
  override readonly name = 'DuplicateCodeNameError'
  constructor(readonly codeName: string) {
    super(`已有名为「${codeName}」的渠道活码，请换一个名称 / A code named "${codeName}" already exists`)
  }
}

/** better-sqlite3's SqliteError, recognised without importing the class (it lives on the default export). */
export function sqliteCode(error: unknown): string | null {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code
  return null
}
