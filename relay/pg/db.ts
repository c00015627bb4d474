// The pool every PostgreSQL call goes through, and the one transaction helper. Each connection is
// opened with synchronous_commit = on whatever the server's or database's default says: a commit
// that resolved is on the primary's disk, which is the promise "answered means durable" rests on.

import pg from 'pg'

export interface PoolOptions {
  url: string
  poolSize?: number
  log?: (message: string, fields?: Record<string, unknown>) => void
}

/** Our columns are BIGINT (epoch ms, numbers per corp) and counts: read them as JS numbers. */
const INT8 = 20
const NUMERIC = 1700
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format ?? 'text')
  },
}

/** How long a call waits for a connection, and for an answer, before it rejects (the callback then answers 5xx). */
const CONNECT_TIMEOUT_MS = 5_000
const QUERY_TIMEOUT_MS = 15_000

export function connectionConfig(url: string): pg.ClientConfig {
  return {
    connectionString: url,
    // A startup parameter, so it holds from the first statement of every connection.
    options: '-c synchronous_commit=on',
    types,
    keepAlive: true,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
  }
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({ ...connectionConfig(options.url), max: options.poolSize ?? 10 })
  // An idle connection the server dropped emits here; unhandled it would end the process. The pool
  // discards it and opens a fresh one on the next call.
  pool.on('error', (error) => options.log?.('PostgreSQL 连接中断', { error: error.message }))
  return pool
}

export type Queryable = pg.Pool | pg.PoolClient

/** The rows of one statement. */
export async function rows<T>(db: Queryable, text: string, values: unknown[] = []): Promise<T[]> {
  return (await db.query(text, values)).rows as T[]
}

/** The first row of one statement, or null. */
export async function one<T>(db: Queryable, text: string, values: unknown[] = []): Promise<T | null> {
  return ((await db.query(text, values)).rows[0] as T | undefined) ?? null
}

/** Runs `work` in one transaction on one connection; resolves after COMMIT returned. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  // A checked-out client has no error listener of the pool's: a connection lost between two of our
  // statements would otherwise be an unhandled 'error' that ends the process. The next statement
  // rejects, and the client is discarded on release.
  const lost = (error: Error) => {
    broken = error
  }
  client.on('error', lost)
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch((rollback: unknown) => {
      // The connection itself failed: do not hand it back to the pool.
      broken = rollback instanceof Error ? rollback : new Error(String(rollback))
    })
    throw error
  } finally {
    client.removeListener('error', lost)
    client.release(broken)
  }
}
