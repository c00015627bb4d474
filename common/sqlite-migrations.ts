// The numbered-migration runner both SQLite stores use (the desktop's app.sqlite and the relay's
// relay.sqlite), after Signal-Desktop's ts/sql/migrations and Actual's migrate/migrations.ts: each
// pending step in its own IMMEDIATE transaction, the version kept in schema_version and mirrored in
// PRAGMA user_version, and a file from a newer build (or with steps this build never shipped) refused
// rather than guessed at. Environment-free: it only talks to the connection it is given.

/** The part of a better-sqlite3 connection the runner uses. */
export interface MigratableDb {
  exec(sql: string): unknown
  prepare(sql: string): {
    get(...params: unknown[]): unknown
    all(...params: unknown[]): unknown[]
    run(...params: unknown[]): unknown
  }
  pragma(source: string, options?: { simple?: boolean }): unknown
  transaction(fn: () => void): { immediate(): void }
}

/** One step. A shipped step is never edited: change the schema with a new one. */
export interface Migration<D extends MigratableDb = MigratableDb> {
  /** Strictly increasing, starting at 1; also written to PRAGMA user_version. */
  version: number
  name: string
  up(db: D): void
  /**
   * The step rebuilds a table another table references: foreign keys are switched off around it
   * (they cannot be inside a transaction) and PRAGMA foreign_key_check must pass before commit.
   */
  rebuildsTables?: boolean
}

export class NewerDatabaseError extends Error {
  override readonly name = 'NewerDatabaseError'
  constructor(
    readonly found: number,
    readonly known: number,
    product = '程序',
  ) {
    super(
      `此数据文件由更新版本的${product}创建（数据库版本 ${found}，本程序最高支持 ${known}），请升级应用后再打开。` +
        ` / This database was written by a newer version (schema ${found}; this build knows up to ${known}).` +
        ' Update to open it.',
    )
  }
}

export class UnknownMigrationError extends Error {
  override readonly name = 'UnknownMigrationError'
  constructor(readonly version: number) {
    super(
      `数据文件记录了本程序不认识的升级步骤 ${version}，无法安全打开，请联系技术支持。` +
        ` / The database records migration ${version}, which this build does not know; refusing to open it.`,
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
      `数据库升级第 ${version} 步（${step}）失败，已撤销该步骤，数据保持原样。请重启或联系技术支持。` +
        ` / Migration ${version} (${step}) failed and was rolled back: ${why}`,
    )
  }
}

/** Throws when versions are not 1, 2, 3 … in order: a gap or a repeat is a programming error. */
export function checkMigrationList(list: readonly Migration<never>[]): void {
  list.forEach((m, i) => {
    const prev = i === 0 ? 0 : list[i - 1]!.version
    if (!Number.isInteger(m.version) || m.version <= prev) {
      throw new Error(`Migration "${m.name}" has version ${m.version}; versions must strictly increase`)
    }
  })
}

function ensureVersionTable(db: MigratableDb): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`)
}

/** The applied schema version: schema_version's highest row, or user_version for a bare file. */
export function schemaVersion(db: MigratableDb): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    .get()
  const fromPragma = Number(db.pragma('user_version', { simple: true }) ?? 0)
  if (!table) return fromPragma
  const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null }
  return Math.max(row.v ?? 0, fromPragma)
}

export interface RunOptions {
  /** Stop after this version (tests build files as an older build would have left them). */
  target?: number | undefined
  now?: (() => number) | undefined
  /** Who the file belongs to, in the message for a file from a newer build (e.g. 活码助手). */
  product?: string | undefined
}

/** Brings the database up to `target` (default: the newest in `list`). Returns the version reached. */
export function runMigrations<D extends MigratableDb>(
  db: D,
  list: readonly Migration<D>[],
  options: RunOptions = {},
): number {
  checkMigrationList(list)
  const latest = list.length === 0 ? 0 : list[list.length - 1]!.version
  const target = options.target ?? latest
  const now = options.now ?? Date.now

  const current = schemaVersion(db)
  if (current > latest) throw new NewerDatabaseError(current, latest, options.product)
  ensureVersionTable(db)
  const known = new Set(list.map((m) => m.version))
  const applied = (
    db.prepare('SELECT version FROM schema_version ORDER BY version').all() as {
      version: number
    }[]
  ).map((r) => r.version)
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
