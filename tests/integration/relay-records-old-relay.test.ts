// A desktop of this release on a relay of release 0.1: that relay knows no `kinds` parameter on
// GET /api/v1/actions and refuses it with 400. The desktop's relay-records phase then asks again
// without it and still stores what became of the welcome and the tagging of a real scan (relay and
// simulator running), moving its cursor past them. The old relay is the real relay behind a proxy
// that answers a `kinds` request as 0.1 did; everything else passes through.

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { mkdtempSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, SYNC_KEYS, type AppDatabase } from '../../main/db'
import { createRelayClient } from '../../main/relay-client'
import { runRelayRecordsPhase } from '../../main/sync/relay-records-phase'
import { createWeComClient } from '../../wecom'
import { API_KEY, relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'

let w: RelayWorld
let proxy: http.Server
let proxyUrl: string
const asked: string[] = []

beforeAll(async () => {
  w = await relayWorld()
  const target = new URL(w.relay.url)
  proxy = http.createServer((req, res) => {
    const url = req.url ?? ''
    asked.push(url)
    if (url.startsWith('/api/v1/actions') && new URL(url, 'http://x').searchParams.has('kinds')) {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'bad_request', message: 'unknown query parameter: kinds' }))
      return
    }
    const up = http.request(
      { host: target.hostname, port: target.port, path: url, method: req.method, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers)
        upRes.pipe(res)
      },
    )
    req.pipe(up)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => proxy?.close(() => resolve()))
  await w?.stop()
})

describe('relay records from a relay of release 0.1', () => {
  it('falls back to the kinds it has when `kinds=all` is refused, and stores the welcome and tagging outcomes', async () => {
    const wecom = createWeComClient({
      apiBase: w.sandbox.apiBase,
      corpId: w.sandbox.corpId,
      secret: w.sandbox.secret,
    })
    const tag = (await wecom.getCorpTagList())[0]!.tag[0]!.id
    const policy = await wayWithPolicy(w, { memberUserids: ['lina'], tagIds: [tag] })
    const scan = await w.sandbox.control.scan({ state: policy.state })
    const actions = async () =>
      (await w.api('GET', '/actions?after=0&kinds=all')).body.actions as { kind: string; status: string }[]
    await waitFor(async () => {
      const done = (await actions()).filter((a) => a.status === 'done').map((a) => a.kind)
      return done.includes('welcome') && done.includes('tags')
    })

    const db: AppDatabase = openDatabase(
      path.join(mkdtempSync(path.join(os.tmpdir(), 'old-relay-')), 'app.db'),
    )
    try {
      const relay = createRelayClient({ baseUrl: proxyUrl, apiKey: API_KEY })
      const result = await runRelayRecordsPhase({ db, relay: () => relay })
      expect(result.actions).toBe(2)
      // Asked once with kinds=all (refused), then without.
      const actionAsks = asked.filter((u) => u.startsWith('/api/v1/actions'))
      expect(actionAsks.map((u) => new URL(u, 'http://x').searchParams.get('kinds'))).toEqual(['all', null])
      expect(db.relayRecords.relayTagged(policy.state, 'lina', scan.externalUserid)).toBe(true)
      expect(db.syncState.getNumber(SYNC_KEYS.actionsCursor)).toBeGreaterThanOrEqual(2)
    } finally {
      db.close()
    }
  })
})
