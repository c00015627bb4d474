// The relay test files npm test runs a second time on PostgreSQL (RELAY_TEST_STORE=postgres): every
// integration file whose relays come from relayWorld (tests/integration/relay-fixture.ts, or a file's
// own relayWorld that takes its store from relay-test-store.ts), which then gives each world a fresh
// PostgreSQL database. Files that start their relays another way test the
// SQLite file itself (its migrations, its crash recovery) and are not repeated; the cluster test runs
// on PostgreSQL already.

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

export function relayPostgresFiles(dir = 'tests/integration'): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => /\brelayWorld\(/.test(readFileSync(path.join(dir, f), 'utf8')))
    .map((f) => path.join(dir, f))
    .sort()
}
