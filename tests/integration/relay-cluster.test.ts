// Several relay instances on one PostgreSQL (issue 18), as real processes behind a round-robin
// balancer, with the simulator as WeCom: customers scan a code (the simulator posts each add, three
// tries, to the balancer) while a second stream of forged deletes is re-sent after its 200 (WeCom's
// retry when an answer was lost). One instance is killed -9 and restarted, three times. Then: every
// event answered 200 is in the desktop API's feed exactly once, a desktop that read the feed with its
// cursor during the run missed none, every welcome was sent exactly once and within one lease (10 s)
// plus a margin. And an instance cut off from PostgreSQL answers 5xx, never 200, and recovers.

import http from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox } from '../../sandbox'
import type { Sandbox } from '../../sandbox/types'
import { createWeComClient } from '../../wecom'
import { sealCallback } from '../../wecom/callback-crypto'
import { eventXml } from '../../wecom/callback-xml'
import { postgresMissing, startPostgres, type TestPostgres } from '../fixtures/postgres'
import {
  startCluster,
  storeSettingMissing,
  type ClusterCorp,
  type RelayCluster,
} from '../fixtures/relay-cluster'
import { startTcpProxy, type TcpProxy } from '../fixtures/tcp-proxy'
import { waitFor } from './relay-fixture'

const API_KEY = 'cluster-test-key-0123456789'
const STATE = 'clusterstate'
/** The relay's job lease (relay/workers.ts): a dead instance's welcome is taken over after it. */
const LEASE_MS = 10_000

// Why this file cannot run here: no PostgreSQL, or a relay without the store setting.
const skip = postgresMissing() ?? storeSettingMissing()

let pg: TestPostgres
let sandbox: Sandbox | null = null
let cluster: RelayCluster | null = null
let proxy: TcpProxy | null = null

beforeAll(async () => {
  if (!skip) pg = await startPostgres()
}, 60_000)
afterAll(async () => {
  await pg?.stop()
})
afterEach(async () => {
  await cluster?.stop()
  await proxy?.stop()
  await sandbox?.stop()
  cluster = null
  proxy = null
  sandbox = null
})

function corpOf(s: Sandbox): ClusterCorp {
  return {
    corpId: s.corpId,
    token: s.token,
    encodingAesKey: s.encodingAesKey,
    secret: s.secret,
    apiKey: API_KEY,
    apiBase: s.apiBase,
  }
}

async function api<T>(base: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (res.status !== 200) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** A code in the simulator (skip_verify on, so each scan is an add with a WelcomeCode) and its policy. */
async function codeWithPolicy(s: Sandbox, base: string) {
  const client = createWeComClient({ apiBase: s.apiBase, corpId: s.corpId, secret: s.secret })
  const way = await client.addContactWay({
    type: 2,
    scene: 2,
    remark: '集群活码',
    skip_verify: true,
    state: STATE,
    user: ['zhangwei', 'lina'],
  })
  await api(base, 'PUT', `/policies/${STATE}`, {
    state: STATE,
    configId: way.config_id,
    name: '集群活码',
    welcome: { mode: 'own', text: '欢迎光临', attachment: null },
    tagIds: [],
    autoAccept: { mode: 'on', windows: [] },
    memberUserids: ['zhangwei', 'lina'],
  })
}

interface FeedEvent {
  seq: number
  changeType: string
  externalUserid: string
}

/** The whole events feed, page by page with the cursor, through the balancer. */
async function feed(base: string, after = 0): Promise<{ events: FeedEvent[]; cursor: number }> {
  const events: FeedEvent[] = []
  for (;;) {
    const page = await api<{ events: FeedEvent[]; nextCursor: number; hasMore: boolean }>(
      base,
      'GET',
      `/events?after=${after}&limit=500`,
    )
    events.push(...page.events)
    after = page.nextCursor
    if (!page.hasMore) return { events, cursor: after }
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })

/** One forged, freshly sealed delete (no jobs), as WeCom posts it; 0 when nobody answered. */
function postDelete(s: Sandbox, port: number, n: number): Promise<number> {
  const xml = eventXml(s.corpId, {
    changeType: 'del_follow_user',
    userid: 'zhangwei',
    externalUserid: `wmgone${n}`,
    createTime: 1_790_000_000 + n,
  })
  const { query, body } = sealCallback(s, xml)
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: `/callback/customerEvent/${s.corpId}?${query}`,
        method: 'POST',
        agent,
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', () => resolve(0))
    req.end(body)
  })
}

/**
 * WeCom's traffic: customers scanning the code (the simulator delivers each add, three tries), and
 * deletes retried until answered 200 and then sent once more (an answer WeCom lost).
 */
function load(s: Sandbox, balancerPort: number, scanners: number, deleters: number) {
  const answeredDeletes = new Set<number>()
  let stop = false
  let nextDelete = 0
  const scanning = Array.from({ length: scanners }, async () => {
    while (!stop) await s.control.scan({ state: STATE })
  })
  const deleting = Array.from({ length: deleters }, async () => {
    while (!stop) {
      const n = nextDelete++
      for (let attempt = 0; attempt < 200 && (await postDelete(s, balancerPort, n)) !== 200; attempt++)
        await new Promise((r) => setImmediate(r))
      answeredDeletes.add(n)
      await postDelete(s, balancerPort, n)
    }
  })
  return {
    answeredDeletes,
    answeredAdds: () =>
      s.control.callbacks.filter((c) => c.changeType === 'add_external_contact' && c.status === 200),
    async stop() {
      stop = true
      await Promise.all([...scanning, ...deleting])
    },
  }
}

describe.skipIf(skip)('relay instances on one PostgreSQL behind a balancer', () => {
  for (const count of [2, 3]) {
    it(`${count} instances, one killed -9 and restarted three times under load: nothing answered lost or doubled, each welcome once`, async () => {
      sandbox = await startSandbox()
      const s = sandbox
      const db = await pg.createDatabase()
      cluster = await startCluster({ count, corps: [corpOf(s)], databaseUrl: () => db })
      const c = cluster
      s.control.setCallbackUrl(`${c.balancer.url}/callback/customerEvent/${s.corpId}`)
      await codeWithPolicy(s, c.balancer.url)

      const traffic = load(s, c.balancer.port, 4, 4)
      // A desktop reading the feed with its cursor all along, through whichever instance it gets.
      const seenByDesktop: FeedEvent[] = []
      let reading = true
      let cursor = 0
      const desktop = (async () => {
        while (reading) {
          const page = await feed(c.balancer.url, cursor).catch(() => null)
          if (page) {
            seenByDesktop.push(...page.events)
            cursor = page.cursor
          }
          await new Promise((r) => setTimeout(r, 50))
        }
      })()

      for (let round = 0; round < 3; round++) {
        const before = traffic.answeredAdds().length
        await waitFor(() => traffic.answeredAdds().length >= before + 25, 30_000)
        const victim = round % count
        await c.kill(victim)
        // Traffic goes on through the others while it is down.
        const during = traffic.answeredAdds().length
        await waitFor(() => traffic.answeredAdds().length >= during + 10, 30_000)
        await c.restart(victim)
      }
      const settled = traffic.answeredAdds().length
      await waitFor(() => traffic.answeredAdds().length >= settled + 25, 30_000)
      await traffic.stop()

      const adds = traffic.answeredAdds()
      // Every answered add's welcome, sent exactly once (the simulator refuses a used code anyway: a
      // second send would show here as a second record or as a failed job).
      await waitFor(() => s.control.sentWelcomes.length >= adds.length, LEASE_MS + 15_000)
      const sentPer = new Map<string, number>()
      for (const w of s.control.sentWelcomes)
        sentPer.set(w.welcomeCode, (sentPer.get(w.welcomeCode) ?? 0) + 1)
      expect([...sentPer.values()].filter((n) => n !== 1)).toEqual([])
      expect(adds.filter((a) => sentPer.get(a.welcomeCode!) !== 1).map((a) => a.externalUserid)).toEqual([])
      // Taken over within a lease: no welcome later than one lease (plus a margin for the restart
      // and a busy 2-core machine) after its add was answered.
      const late = s.control.sentWelcomes
        .map((w) => {
          // Any delivery of its add (one answered after the instance that stored it died counts too).
          const add = s.control.callbacks.find((a) => a.welcomeCode === w.welcomeCode)
          return { who: w.externalUserid, ms: add ? w.at - add.at : 0 }
        })
        .filter((x) => x.ms > LEASE_MS + 5_000)
      expect(late).toEqual([])

      reading = false
      await desktop
      const { events } = await feed(c.balancer.url)
      const ids = events.map((e) => `${e.changeType}:${e.externalUserid}`)
      expect(ids.length - new Set(ids).size).toBe(0)
      const stored = new Set(ids)
      const lostAdds = adds.filter((a) => !stored.has(`add_external_contact:${a.externalUserid}`))
      expect(lostAdds.map((a) => a.externalUserid)).toEqual([])
      const lostDeletes = [...traffic.answeredDeletes].filter(
        (n) => !stored.has(`del_follow_user:wmgone${n}`),
      )
      expect(lostDeletes).toEqual([])
      // Cursors no instance reorders: what the desktop read along the way plus one last read is the
      // whole feed, each event once, in increasing order.
      const rest = await feed(c.balancer.url, cursor)
      const desktopIds = [...seenByDesktop, ...rest.events].map((e) => e.seq)
      expect(desktopIds).toEqual(events.map((e) => e.seq))
      // Every instance took traffic.
      for (const port of c.ports) expect(c.balancer.served.get(port) ?? 0).toBeGreaterThan(0)
    }, 180_000)
  }

  it('an instance cut off from PostgreSQL answers 5xx (never 200) while cut, and 200 again once the link returns', async () => {
    sandbox = await startSandbox()
    const s = sandbox
    const db = await pg.createDatabase()
    const dbPort = Number(new URL(db).port)
    proxy = await startTcpProxy({ port: dbPort })
    const viaProxy = db.replace(`:${dbPort}/`, `:${proxy.port}/`)
    cluster = await startCluster({
      count: 2,
      corps: [corpOf(s)],
      databaseUrl: (i) => (i === 0 ? viaProxy : db),
    })
    const c = cluster
    const cutPort = c.ports[0]!
    const okPort = c.ports[1]!
    let n = 0
    const answered = new Set<number>()
    const post = async (port: number) => {
      const k = n++
      const status = await postDelete(s, port, k)
      if (status === 200) answered.add(k)
      return { k, status }
    }
    // Healthy: both answer 200.
    for (let i = 0; i < 10; i++) {
      expect((await post(cutPort)).status).toBe(200)
      expect((await post(okPort)).status).toBe(200)
    }

    proxy.cut()
    const whileCut: { k: number; status: number }[] = []
    for (let i = 0; i < 20; i++) {
      whileCut.push(await post(cutPort))
      // The other instance, still on the database, goes on answering 200.
      expect((await post(okPort)).status).toBe(200)
    }
    expect(whileCut.filter((r) => r.status === 200)).toEqual([])
    expect(whileCut.every((r) => r.status >= 500)).toBe(true)

    proxy.restore()
    // Recovers by itself: WeCom's retries of the refused events are answered 200 by the same instance.
    await waitFor(async () => (await postDelete(s, cutPort, whileCut[0]!.k)) === 200, 30_000)
    for (const r of whileCut) expect(await postDelete(s, cutPort, r.k)).toBe(200)
    for (const r of whileCut) answered.add(r.k)
    for (let i = 0; i < 10; i++) expect((await post(cutPort)).status).toBe(200)

    const { events } = await feed(`http://127.0.0.1:${okPort}`)
    const ids = events.map((e) => e.externalUserid)
    expect(ids.length - new Set(ids).size).toBe(0)
    expect([...answered].filter((k) => !ids.includes(`wmgone${k}`))).toEqual([])
  }, 120_000)
})
