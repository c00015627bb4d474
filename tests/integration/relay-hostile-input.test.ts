// The relay's callback URL is public: anyone who knows it can send anything. Nothing unsigned is
// parsed beyond the Encrypt value, no request target answers 5xx, slow or numerous sockets are cut
// on time and capped per address, distinct events are never merged, and a timestamp is a number.

import Database from 'better-sqlite3'
import { getSignature } from '@wecom/crypto'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sealCallback } from '../../wecom/callback-crypto'
import { cdata, eventXml } from '../../wecom/callback-xml'
import { encrypt } from '@wecom/crypto'
import { rawRequest, requestText, slowSocket } from '../fixtures/raw-http'
import { relayWorld, type RelayWorld } from './relay-fixture'
import { sqliteOnly } from './relay-test-store'

// Skipped on PostgreSQL (RELAY_TEST_STORE=postgres): these read, edit or hook the SQLite file.
sqliteOnly([
  'checks the signature over the Encrypt value before reading anything else in the body',
  'refuses a timestamp that is not a number, even when signed over',
  'stores six different tag and group-chat events of one second, and each retry once',
  'keeps customer changes of one second apart by every field that tells them apart',
])

let world: RelayWorld | null = null
afterEach(async () => {
  await world?.stop()
  world = null
})

const stored = (w: RelayWorld) => {
  const db = new Database(path.join(w.dataDir, 'relay.sqlite'), { readonly: true })
  try {
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    return { events: count('events'), messages: count('messages') }
  } finally {
    db.close()
  }
}

/** A customer's delete of zhangwei, as WeCom would send it (a flat customer event). */
const unfollow = (w: RelayWorld, externalUserid: string) =>
  eventXml(w.sandbox.corpId, {
    changeType: 'del_follow_user',
    userid: 'zhangwei',
    externalUserid,
    createTime: 1_800_000_000,
  })

/** The same query with a signature that cannot match. */
const forgeSignature = (query: string) =>
  query.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'0'.repeat(40)}`)

/** POSTs a sealed message, optionally with extra text in the envelope after the Encrypt element. */
async function postSealed(w: RelayWorld, message: string, tail = '') {
  const { query, body } = sealCallback(w.sandbox, message)
  const res = await fetch(`${w.callbackUrl}?${query}`, {
    method: 'POST',
    body: body.replace('</xml>', `${tail}</xml>`),
  })
  return res.status
}

describe('unsigned input', () => {
  it('checks the signature over the Encrypt value before reading anything else in the body', async () => {
    world = await relayWorld()
    const w = world
    // An unterminated CDATA after a genuine Encrypt: the first release parsed the whole body first
    // (quadratically) and refused it as malformed; only the signature matters.
    const junk = `<Junk><![CDATA[${'a'.repeat(200_000)}`
    const message = unfollow(w, 'wmJUNK')
    expect(await postSealed(w, message, junk)).toBe(200)
    const { query, body } = sealCallback(w.sandbox, message)
    const forged = forgeSignature(query)
    const refused = await fetch(`${w.callbackUrl}?${forged}`, {
      method: 'POST',
      body: body.replace('</xml>', `${junk}</xml>`),
    })
    expect(refused.status).toBe(401)
    // Shapes that hold no Encrypt a signature could be over are malformed, whatever they hold.
    for (const shape of [
      `<xml><Encrypt><![CDATA[${'A'.repeat(100_000)}`,
      `<xml>${'<a>'.repeat(50_000)}`,
      '\u0000'.repeat(10_000),
    ]) {
      const res = await fetch(`${w.callbackUrl}?${query}`, { method: 'POST', body: shape })
      expect(res.status).toBe(400)
    }
    // An Encrypt that is no base64 at all is still only judged by its signature first.
    const notBase64 = await fetch(`${w.callbackUrl}?${query}`, {
      method: 'POST',
      body: '<xml><Encrypt>not base64!</Encrypt></xml>',
    })
    expect(notBase64.status).toBe(401)
    expect(stored(w)).toEqual({ events: 1, messages: 0 })
  })

  it('answers 400, never 5xx, to malformed request targets, and stays up', async () => {
    world = await relayWorld()
    const { port } = world.relay
    for (const target of [
      '/callback/customerEvent/%E0',
      '/callback/customerEvent/%',
      '//',
      'http://[',
      '*',
      '/api/v1/%E0',
      '/api/v1/policies/%E0%A4',
      '/callback//customerEvent/x',
    ]) {
      for (const method of ['GET', 'POST']) {
        const status = await rawRequest(
          port,
          requestText(method, target, 'relay', method === 'POST' ? 'x' : ''),
        )
        expect({ target, method, status }).toEqual({ target, method, status: 400 })
      }
    }
    expect((await fetch(`${world.relay.url}/healthz`)).status).toBe(200)
  })

  it('refuses a timestamp that is not a number, even when signed over', async () => {
    world = await relayWorld()
    const w = world
    const message = unfollow(w, 'wmTS')
    const encrypted = encrypt(w.sandbox.encodingAesKey, message, w.sandbox.corpId)
    const body = `<xml><ToUserName>${cdata(w.sandbox.corpId)}</ToUserName><Encrypt>${cdata(encrypted)}</Encrypt></xml>`
    for (const timestamp of ['abc', '17e8', '-1', '1.5', ' 1800000000']) {
      const signature = getSignature(w.sandbox.token, timestamp, 'n1', encrypted)
      const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce: 'n1' })
      const res = await fetch(`${w.callbackUrl}?${query}`, { method: 'POST', body })
      expect({ timestamp, status: res.status }).toEqual({ timestamp, status: 400 })
    }
    expect(stored(w).events).toBe(0)
  })
})

describe('sockets', () => {
  it('cuts a socket that never finishes its headers within the configured time, not Node’s 30 s check', async () => {
    world = await relayWorld({ relay: { limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 } } })
    const slow = slowSocket(world.relay.port)
    await slow.connected
    // Node checks these timers every connectionsCheckingInterval (30 s unless set).
    expect(await slow.closed).toBeLessThan(4000)
  }, 40_000)

  it('caps the sockets one address may hold; callbacks from elsewhere still go through', async () => {
    world = await relayWorld({
      relay: { limits: { maxConnectionsPerIp: 5, headersTimeoutMs: 30_000, requestTimeoutMs: 60_000 } },
    })
    const w = world
    const sockets = Array.from({ length: 12 }, () => slowSocket(w.relay.port, '127.0.0.2'))
    await Promise.all(sockets.map((s) => s.connected))
    // The seven over the cap are closed at once; the five under it are still waiting on their headers.
    const early = await Promise.race([
      Promise.all(sockets.map((s) => s.closed.then(() => 1))).then(() => 'all closed'),
      new Promise<number>((resolve) => {
        let closed = 0
        for (const s of sockets)
          void s.closed.then(() => {
            closed += 1
            if (closed === 7) resolve(closed)
          })
      }),
    ])
    expect(early).toBe(7)
    const status = await w.post({
      changeType: 'del_follow_user',
      userid: 'zhangwei',
      externalUserid: 'wmCAP',
    })
    expect(status).toBe(200)
  })
})

describe('a refusal budget per address and corp', () => {
  it('answers 429 without reading the body once an address has spent it; WeCom and other corps are untouched', async () => {
    world = await relayWorld({
      relay: { limits: { refusalBurst: 5, refusalsPerSecond: 0.01, refusalDelayMs: 200 } },
    })
    const w = world
    const message = unfollow(w, 'wmBUDGET')
    const { query, body } = sealCallback(w.sandbox, message)
    const forged = forgeSignature(query)
    const stranger = (corpId: string) =>
      rawRequest(
        w.relay.port,
        requestText('POST', `/callback/customerEvent/${corpId}?${forged}`, 'relay', body),
        '127.0.0.2',
      )
    const answers: number[] = []
    for (let i = 0; i < 8; i++) answers.push(await stranger(w.sandbox.corpId))
    expect(answers).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    // The 429 is held back (its body unread), so a flood is slowed to a trickle.
    const asked = performance.now()
    expect(await stranger(w.sandbox.corpId)).toBe(429)
    expect(performance.now() - asked).toBeGreaterThanOrEqual(190)
    // Keyed by corp as well: a corp with a wrong Token in its console spends only its own budget.
    expect(await stranger('wwothercorp')).toBe(401)
    // WeCom's signed callbacks, from their own addresses, go through as ever.
    expect(await w.post({ changeType: 'del_follow_user', userid: 'zhangwei', externalUserid: 'wmOK' })).toBe(
      200,
    )
  })
})

describe('behind a reverse proxy', () => {
  it('takes the address from the proxy’s X-Forwarded-For hop and leaves the socket cap to the proxy', async () => {
    world = await relayWorld({
      relay: {
        limits: {
          behindProxy: true,
          maxConnectionsPerIp: 2,
          refusalBurst: 2,
          refusalsPerSecond: 0.01,
          refusalDelayMs: 0,
        },
      },
    })
    const w = world
    // Every socket comes from the proxy (127.0.0.1): more than the per-address cap stay open.
    const sockets = Array.from({ length: 5 }, () => slowSocket(w.relay.port))
    await Promise.all(sockets.map((s) => s.connected))
    let cut = 0
    for (const s of sockets) void s.closed.then(() => (cut += 1))
    const { query, body } = sealCallback(w.sandbox, '<xml><MsgType>text</MsgType></xml>')
    const forged = forgeSignature(query)
    const from = (address: string) =>
      rawRequest(
        w.relay.port,
        `POST /callback/customerEvent/${w.sandbox.corpId}?${forged} HTTP/1.1\r\nHost: relay\r\n` +
          `X-Forwarded-For: 10.0.0.9, ${address}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      )
    expect([await from('203.0.113.7'), await from('203.0.113.7'), await from('203.0.113.7')]).toEqual([
      401, 401, 429,
    ])
    // Another client of the same proxy keeps its own budget.
    expect(await from('198.51.100.4')).toBe(401)
    expect(cut).toBe(0)
  })
})

describe('distinct events are kept apart', () => {
  it('stores six different tag and group-chat events of one second, and each retry once', async () => {
    world = await relayWorld()
    const w = world
    const second = 1_800_000_100
    const messages = [
      { Event: 'change_external_tag', ChangeType: 'create', Id: 'et1', TagType: 'tag' },
      { Event: 'change_external_tag', ChangeType: 'create', Id: 'et2', TagType: 'tag' },
      { Event: 'change_external_tag', ChangeType: 'create', Id: 'grp1', TagType: 'tag_group' },
      { Event: 'change_external_tag', ChangeType: 'delete', Id: 'et1', TagType: 'tag' },
      { Event: 'change_external_chat', ChangeType: 'create', ChatId: 'wrc1' },
      { Event: 'change_external_chat', ChangeType: 'dismiss', ChatId: 'wrc2' },
    ].map((fields) => {
      const inner = Object.entries({
        ToUserName: w.sandbox.corpId,
        FromUserName: 'sys',
        CreateTime: second,
        MsgType: 'event',
        ...fields,
      })
        .map(([k, v]) => `<${k}>${typeof v === 'number' ? v : cdata(v)}</${k}>`)
        .join('')
      return `<xml>${inner}</xml>`
    })
    for (const m of messages) expect(await postSealed(w, m)).toBe(200)
    for (const m of messages) expect(await postSealed(w, m)).toBe(200) // WeCom's retries, re-encrypted
    expect(stored(w).messages).toBe(6)
  })

  it('keeps customer changes of one second apart by every field that tells them apart', async () => {
    world = await relayWorld()
    const w = world
    const createTime = 1_800_000_200
    const base = { userid: 'zhangwei', createTime }
    const events = [
      { ...base, changeType: 'add_external_contact', externalUserid: 'wmA', state: 's1' },
      { ...base, changeType: 'add_external_contact', externalUserid: 'wmB', state: 's1' },
      { ...base, changeType: 'transfer_fail', externalUserid: 'wmC', source: 'customer_refused' },
      { ...base, changeType: 'transfer_fail', externalUserid: 'wmC', source: 'customer_limit_exceed' },
    ]
    for (const e of events) expect(await postSealed(w, eventXml(w.sandbox.corpId, e))).toBe(200)
    for (const e of events) expect(await postSealed(w, eventXml(w.sandbox.corpId, e))).toBe(200)
    expect(stored(w).events).toBe(4)
  })
})
