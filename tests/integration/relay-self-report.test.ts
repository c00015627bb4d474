// What the relay tells desktops about itself: the callback Token and EncodingAESKey it verifies with
// (its config file is their only source, so the setup screen can show exactly those), and when it was
// down, from the heartbeat it keeps while running.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallbackConfig, RelayGaps } from '../../common/relay-api'
import { startRelay, type Relay } from '../../relay'

const CORPS = [
  {
    corpId: 'wwfirstcorp',
    token: 'firstToken123',
    encodingAesKey: 'A'.repeat(43),
    secret: 'first-secret-1',
    apiKey: 'first-corp-key-0123456789',
    apiBase: 'http://127.0.0.1:9',
  },
  {
    corpId: 'wwsecondcorp',
    token: 'secondToken456',
    encodingAesKey: 'B'.repeat(43),
    secret: 'second-secret-2',
    apiKey: 'second-corp-key-0123456789',
    apiBase: 'http://127.0.0.1:9',
  },
]

let relay: Relay | null = null
afterEach(async () => {
  await relay?.stop()
  relay = null
})

async function get<T>(r: Relay, route: string, key: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${r.url}/api/v1${route}`, { headers: { authorization: `Bearer ${key}` } })
  return { status: res.status, body: (await res.json()) as T }
}

describe('the relay reports on itself', () => {
  it("gives each corp's key that corp's callback Token and EncodingAESKey, and no other's", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-self-'))
    relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, corps: CORPS, log: () => {} })
    const first = await get<CallbackConfig>(relay, '/callback-config', CORPS[0]!.apiKey)
    expect(first).toEqual({
      status: 200,
      body: {
        corpId: 'wwfirstcorp',
        callbackUrlPath: '/callback/customerEvent/wwfirstcorp',
        token: 'firstToken123',
        encodingAesKey: 'A'.repeat(43),
      },
    })
    const second = await get<CallbackConfig>(relay, '/callback-config', CORPS[1]!.apiKey)
    expect(second.body.token).toBe('secondToken456')
    expect((await get(relay, '/callback-config', 'not-a-key-of-anyone-here')).status).toBe(401)
  })

  it('reports an outage longer than two heartbeats, and not a restart that fits inside them', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-gaps-'))
    let clock = Date.UTC(2026, 11, 1, 2, 0, 0)
    const start = () =>
      startRelay({
        host: '127.0.0.1',
        port: 0,
        dataDir,
        corps: CORPS,
        log: () => {},
        heartbeatMs: 60_000,
        now: () => clock,
      })
    relay = await start()
    expect((await get<RelayGaps>(relay, '/gaps?since=0', CORPS[0]!.apiKey)).body).toEqual({
      firstStartedAt: clock,
      gaps: [],
    })
    const stoppedAt = clock
    await relay.stop()

    // A quick restart (under two heartbeats): no gap.
    clock += 90_000
    relay = await start()
    expect((await get<RelayGaps>(relay, '/gaps?since=0', CORPS[0]!.apiKey)).body.gaps).toEqual([])
    await relay.stop()

    // Down for 35 minutes (killed: no final beat after the last one).
    const lastBeat = clock
    clock += 35 * 60_000
    relay = await start()
    const gaps = (await get<RelayGaps>(relay, '/gaps?since=0', CORPS[1]!.apiKey)).body
    expect(gaps.firstStartedAt).toBe(stoppedAt)
    expect(gaps.gaps).toEqual([{ from: lastBeat, to: clock }])
    // Only outages that ended after `since` are listed.
    expect((await get<RelayGaps>(relay, `/gaps?since=${clock}`, CORPS[0]!.apiKey)).body.gaps).toEqual([])
  })
})

describe('the desktop API table', () => {
  it('validates every input with its route’s schema before any handler runs', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-table-'))
    relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, corps: CORPS, log: () => {} })
    const key = CORPS[0]!.apiKey
    const call = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${relay!.url}/api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: res.status, body: (await res.json()) as { error?: string; message?: string } }
    }
    expect((await call('GET', '/events?after=-1')).status).toBe(400)
    expect((await call('GET', '/events?after=abc')).status).toBe(400)
    expect((await call('GET', '/events?limit=5000')).status).toBe(400)
    expect((await call('GET', '/events?after=0&extra=1')).status).toBe(400)
    expect((await call('GET', '/events?after=0&limit=2')).status).toBe(200)
    const policy = {
      state: 'lcA',
      configId: 'cfgA',
      name: '码',
      welcome: { mode: 'none', text: '', attachment: null },
      tagIds: [],
      autoAccept: { mode: 'on', windows: [] },
      memberUserids: ['zhangwei'],
    }
    const mismatch = await call('PUT', '/policies/lcB', policy)
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'bad_request' } })
    expect((await call('PUT', '/policies/lcA', { ...policy, unknownField: 1 })).status).toBe(400)
    expect((await call('PUT', '/policies/lcA', policy)).status).toBe(200)
    expect((await call('GET', '/nothing-here')).status).toBe(404)
    expect((await call('POST', '/health')).status).toBe(404)
  })
})
