// Shared by the PostgreSQL store tests: one throw-away server per test file, a fresh database per
// test, stores opened on it and closed after, and the policies and add events the cases use.

import { afterAll, afterEach, beforeAll } from 'vitest'
import type { CodePolicy } from '../../common/relay-api'
import { openPgStorage } from '../../relay/pg'
import type { IncomingEvent, RelayStorage } from '../../relay/storage'
import { postgresMissing, startPostgres, type TestPostgres } from '../fixtures/postgres'

/** Skips where PostgreSQL is not installed (saying why), but never in CI. */
export const pgSkipped = postgresMissing() !== null && !process.env.CI
if (pgSkipped) console.warn(`PostgreSQL store tests skipped: ${postgresMissing()}`)

export const CORP = 'wwpgcorp'
export const T0 = 1_800_000_000_000

/** Starts the server for the file and closes what each test opened. */
export function usePostgres() {
  const state: { server: TestPostgres | null; open: RelayStorage[] } = { server: null, open: [] }
  beforeAll(async () => {
    if (!pgSkipped) state.server = await startPostgres()
  }, 60_000)
  afterEach(async () => {
    await Promise.all(state.open.splice(0).map((s) => s.close()))
  })
  afterAll(async () => {
    await state.server?.stop()
  })
  const server = () => {
    if (!state.server) throw new Error('PostgreSQL not started')
    return state.server
  }
  return {
    server,
    database: () => server().createDatabase(),
    async open(url: string, now: () => number = () => T0): Promise<RelayStorage> {
      const store = await openPgStorage({ url, now, poolSize: 4 })
      state.open.push(store)
      return store
    },
  }
}

export function policy(state: string, extra: Partial<CodePolicy> = {}): CodePolicy {
  return {
    state,
    configId: `cfg-${state}`,
    name: `码 ${state}`,
    welcome: { mode: 'own', text: '你好', attachment: null },
    tagIds: ['et1'],
    autoAccept: { mode: 'on', windows: [] },
    memberUserids: ['u1'],
    ...extra,
  } as CodePolicy
}

export function add(
  externalUserid: string,
  receivedAt: number,
  extra: Partial<IncomingEvent> = {},
): IncomingEvent {
  return {
    corpId: CORP,
    event: 'change_external_contact',
    changeType: 'add_external_contact',
    userid: 'u1',
    externalUserid,
    state: 's1',
    welcomeCode: `WC-${externalUserid}-${receivedAt}`,
    createTime: Math.floor(receivedAt / 1000),
    source: '',
    receivedAt,
    ...extra,
  }
}

/** Polls `check` until it returns true, failing after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
