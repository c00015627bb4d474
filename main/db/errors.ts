// Errors the database layer raises, each with a Chinese message a manager can act on followed by the
// English one for logs and support.

export class NewerDatabaseError extends Error {
  override readonly name = 'NewerDatabaseError'
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `此数据文件由更新版本的活码助手创建（数据库版本 ${found}，本程序最高支持 ${known}），请升级应用后再打开。` +
        ` / This database was written by a newer version of the app (schema ${found}; this app knows up to ${known}).` +
        ' Update the app to open it.',
    )
  }
}

export class UnknownMigrationError extends Error {
  override readonly name = 'UnknownMigrationError'
  constructor(readonly version: number) {
    super(
      `数据文件记录了本程序不认识的升级步骤 ${version}，无法安全打开，请联系技术支持。` +
        ` / The database records migration ${version}, which this app does not know; refusing to open it.`,
    )
  }
}

export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError'
  constructor(
    readonly version: number,
    readonly step: string,
    override readonly cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause)
    super(
      `数据库升级第 ${version} 步（${step}）失败，已撤销该步骤，数据保持原样。请重启应用或联系技术支持。` +
        ` / Migration ${version} (${step}) failed and was rolled back: ${why}`,
    )
  }
}

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
