// Which store the relay suite runs on: SQLite by default, PostgreSQL when RELAY_TEST_STORE=postgres
// (npm test runs the relay files a second time so). On PostgreSQL one throw-away server is started
// for the test file on its first world and stopped after the file's last test (an afterAll hook
// registered here on the file's root suite), and every world gets a fresh database of its own, which
// its restart() keeps.

import { afterAll, beforeEach } from 'vitest'
import { postgresMissing, startPostgres, type TestPostgres } from '../fixtures/postgres'
import type { RelayConfig } from '../../relay'

export const onPostgres = process.env.RELAY_TEST_STORE === 'postgres'

/** The reason a test that reads the SQLite file (or hooks its connection) cannot run on PostgreSQL. */
export const SQLITE_ONLY = 'reads or hooks the SQLite file itself; not applicable to the PostgreSQL store'

let server: Promise<TestPostgres> | null = null

// Only on PostgreSQL: the file is also imported outside vitest (Playwright specs reuse corp-world).
if (onPostgres)
  afterAll(async () => {
    const running = server
    server = null
    if (running) await (await running).stop()
  })

/** The store part of a world's relay config: nothing for SQLite, a fresh database for PostgreSQL. */
export async function testStoreConfig(): Promise<Partial<RelayConfig>> {
  if (!onPostgres) return {}
  const missing = postgresMissing()
  if (missing) throw new Error(`RELAY_TEST_STORE=postgres but ${missing}`)
  server ??= startPostgres()
  const url = await (await server).createDatabase()
  const store = { kind: 'postgres', url }
  // RelayConfig.store comes with the storage seam (issue 18); until then this object is what it will be.
  return { store } as Partial<RelayConfig>
}

/**
 * Skips the named tests of this file on PostgreSQL, with the reason in the report: they read, edit or
 * hook the SQLite file itself (its tables, its connection, its migrations), which the PostgreSQL store
 * does not have. A hook rather than it.skipIf so the tests themselves stay as they are.
 */
export function sqliteOnly(names: string[], why = SQLITE_ONLY): void {
  beforeEach((context) => {
    if (onPostgres && names.includes(context.task.name)) context.skip(why)
  })
}
