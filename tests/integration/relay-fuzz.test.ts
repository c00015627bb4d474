// A bounded fuzz of the relay's public face (the callback URL) and the desktop API: thousands of
// requests of any method, target, headers and body, from strangers and from a desktop with a good
// key but bad input. None may answer 5xx or go unanswered, the relay must stay up, and nothing that
// was not valid may be stored.

import Database from 'better-sqlite3'
import fc from 'fast-check'
import { appendFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CALLBACK_PATH_PREFIX } from '../../common/relay-api'
import { sealCallback } from '../../wecom/callback-crypto'
import { rawRequest } from '../fixtures/raw-http'
import { API_KEY, relayWorld, type RelayWorld } from './relay-fixture'
import { sqliteOnly } from './relay-test-store'

// Skipped on PostgreSQL (RELAY_TEST_STORE=postgres): these read, edit or hook the SQLite file.
sqliteOnly(['never answers 5xx, never dies, and stores nothing invalid'])

let world: RelayWorld
beforeAll(async () => {
  // No refusal budget here: every request must reach the checks it is meant to exercise.
  world = await relayWorld({ relay: { limits: { refusalBurst: 1_000_000, refusalsPerSecond: 1_000_000 } } })
})
afterAll(async () => {
  await world.stop()
})

const counts = () => {
  const db = new Database(path.join(world.dataDir, 'relay.sqlite'), { readonly: true })
  try {
    const n = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number
    return {
      events: n('events'),
      messages: n('messages'),
      jobs: n('jobs'),
      policies: n('policies'),
      settings: n('settings'),
    }
  } finally {
    db.close()
  }
}

const printable = fc.string({
  unit: fc.constantFrom(..."abcAZ09-_./%?&=#[]:@!$'()*+,;~".split('')),
  maxLength: 40,
})
const bytes = fc.string({ unit: 'binary', maxLength: 300 })
const percent = fc.constantFrom('%E0', '%', '%zz', '%00', '%C0%AF', '%2F', '%FF%FE', '')

describe('fuzzing the relay', () => {
  it('never answers 5xx, never dies, and stores nothing invalid', async () => {
    const corpId = world.sandbox.corpId
    const before = counts()
    // A genuine envelope's query and body, to mutate: valid parts in invalid combinations.
    const genuine = sealCallback(world.sandbox, '<xml><MsgType>text</MsgType></xml>')
    const target = fc.oneof(
      // The real callback URL, most often: the signature check is what must hold there.
      { arbitrary: fc.constant(`${CALLBACK_PATH_PREFIX}${corpId}`), weight: 4 },
      fc
        .tuple(
          fc.constantFrom(
            `${CALLBACK_PATH_PREFIX}${corpId}`,
            CALLBACK_PATH_PREFIX,
            '/callback/',
            '/api/v1/',
            '/api/v1/policies/',
            '/api/v1/events',
            '/healthz',
            '/',
            '//',
            '',
          ),
          percent,
          printable,
        )
        .map(([a, b, c]) => a + b + c),
      fc.constantFrom('*', 'http://[', 'http://relay/healthz', '/%', '/a//b'),
      printable,
    )
    const query = fc.oneof(
      fc.constant(''),
      printable.map((q) => `?${q}`),
      { arbitrary: fc.constant(`?${genuine.query}`), weight: 4 },
      fc
        .tuple(printable, printable)
        .map(([t, n]) => `?msg_signature=${'a'.repeat(40)}&timestamp=${t}&nonce=${n}`),
    )
    const body = fc.oneof(
      bytes,
      // The genuine Encrypt cut short, or with a character changed: the signature no longer holds.
      fc
        .nat({ max: 200 })
        .map((n) =>
          genuine.body.replace(
            /CDATA\[([A-Za-z0-9+/=]+)\]\]><\/Encrypt>/,
            (_, e: string) => `CDATA[${e.slice(0, e.length - 4 - n * 4)}]]></Encrypt>`,
          ),
        ),
      fc
        .nat({ max: 40 })
        .map((i) =>
          genuine.body.replace(
            /CDATA\[([A-Za-z0-9+/=]+)\]\]><\/Encrypt>/,
            (_, e: string) =>
              `CDATA[${e.slice(0, i)}${e[i] === 'A' ? 'B' : 'A'}${e.slice(i + 1)}]]></Encrypt>`,
          ),
        ),
      // Something (never nothing) between the Encrypt value and its end tag.
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 300 })
        .map((b) => genuine.body.replace('</Encrypt>', `${b}</Encrypt>`)),
      bytes.map((b) => `<xml><Encrypt><![CDATA[${b}`),
      fc.json().map(String),
      fc.constantFrom(
        '{"timeZone":"Mars/X","defaultWelcome":{"text":"","attachment":null}}',
        '{"state":"x"}',
        'null',
        '[]',
      ),
    )
    const auth = fc.constantFrom(
      '',
      `Authorization: Bearer ${API_KEY}\r\n`,
      'Authorization: Bearer nope\r\n',
      'Authorization: Basic x\r\n',
    )
    const method = fc.oneof(
      { arbitrary: fc.constant('POST'), weight: 4 },
      fc.constantFrom('GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'),
    )
    const answers = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(method, target, query, auth, body, async (m, t, q, a, b) => {
        const payload = Buffer.from(b, 'latin1')
        const text =
          `${m} ${(t || '/') + q} HTTP/1.1\r\nHost: relay\r\n${a}Connection: close\r\n` +
          `Content-Length: ${payload.length}\r\n\r\n`
        const status = await rawRequest(world.relay.port, text + payload.toString('latin1'))
        answers.set(status, (answers.get(status) ?? 0) + 1)
        if (process.env.FUZZ_SHOW)
          appendFileSync(process.env.FUZZ_SHOW, `${status} ${m} ${JSON.stringify(t + q).slice(0, 80)}\n`)
        return status >= 400 && status < 500 ? true : status === 200 || status === 404 || status === 405
      }),
      { numRuns: 5000, interruptAfterTimeLimit: 30_000, seed: 20261202 },
    )
    // Alive, and nothing stored from any of it (a 200 here is /healthz or a read of the API).
    expect((await fetch(`${world.relay.url}/healthz`)).status).toBe(200)
    expect(counts()).toEqual(before)
    const total = [...answers.values()].reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThan(1000)
    expect([...answers.keys()].every((s) => s > 0 && s < 500)).toBe(true)
    // The signature check itself was reached many times, not only the router's refusals.
    expect(answers.get(401) ?? 0).toBeGreaterThan(50)
  }, 60_000)
})
