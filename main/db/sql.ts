// A thin layer over one better-sqlite3 connection: statements prepared once per connection and reused
// (preparing is the costly part of a small query), typed row helpers, and short transactions.

import type Database from 'better-sqlite3'

export type Params = readonly unknown[] | Readonly<Record<string, unknown>>

export interface Sql {
  readonly db: Database.Database
  one<R>(sql: string, params?: Params): R | undefined
  all<R>(sql: string, params?: Params): R[]
  run(sql: string, params?: Params): Database.RunResult
  /** Runs fn in a transaction (a savepoint when nested); rolls back if it throws. */
  tx<T>(fn: () => T): T
}

const args = (params: Params | undefined): unknown[] =>
  params === undefined ? [] : Array.isArray(params) ? [...(params as readonly unknown[])] : [params]

export function createSql(db: Database.Database): Sql {
  const cache = new Map<string, Database.Statement>()
  const prepare = (text: string): Database.Statement => {
    let stmt = cache.get(text)
    if (!stmt) {
      stmt = db.prepare(text)
      cache.set(text, stmt)
    }
    return stmt
  }
  return {
    db,
    one: <R>(text: string, params?: Params) => prepare(text).get(...args(params)) as R | undefined,
    all: <R>(text: string, params?: Params) => prepare(text).all(...args(params)) as R[],
    run: (text, params) => prepare(text).run(...args(params)),
    // Inside an outer transaction, join it instead of opening a savepoint per call: a sync page of 100
    // relations was spending a third of its SQLite time on SAVEPOINT/RELEASE. An error still
    // propagates and rolls the outer transaction back whole.
    tx: <T>(fn: () => T): T => (db.inTransaction ? fn() : db.transaction(fn)()),
  }
}

/** SQLite has no boolean type and better-sqlite3 refuses to bind JS booleans. */
export const bit = (value: boolean): 0 | 1 => (value ? 1 : 0)

/** Escapes a user's text for `LIKE ? ESCAPE '\'` so '%' and '_' match themselves. */
export function likeContains(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%'
}

/** A page's LIMIT and OFFSET from a 1-based page number. */
export function pageWindow(page: number, pageSize: number): { limit: number; offset: number } {
  const size = Math.max(1, Math.floor(pageSize))
  return { limit: size, offset: (Math.max(1, Math.floor(page)) - 1) * size }
}
