// What happens in the simulated WeCom clients and the callbacks it posts: scans (auto-accept, pending,
// half-add, admin welcome, round-robin), one-way deletes, re-adds, WeCom's retries, and the control
// surface over HTTP. The receiver here checks signatures and decrypts with @wecom/crypto on its own.

import { decrypt, getSignature } from '@wecom/crypto'
import { timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../sandbox'
import { callSandbox, type Json } from './sandbox-calls'
import type { Sandbox, SandboxOptions } from '../../sandbox/types'

const stoppers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stoppers.splice(0).reverse()) await stop()
})

async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const s = await startSandbox(opts)
  stoppers.push(() => s.stop())
  return s
}

/** Flat WeCom XML (CDATA or plain text values) to an object. */
function parseXml(xml: string): Record<string, string> {
  const out: Record<string, string> = {}
  const inner = /^<xml>([\s\S]*)<\/xml>$/.exec(xml.trim())?.[1] ?? ''
  for (const m of inner.matchAll(/<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g))
    out[m[1]!] = m[2] ?? m[3] ?? ''
  return out
}

interface Delivery {
  /** Outer XML fields (ToUserName, AgentID, Encrypt). */
  outer: Record<string, string>
  /** The decrypted event (top-level fields). */
  event: Record<string, string>
  /** The decrypted message as sent. */
  raw: string
}

/**
 * A callback receiver as the relay should be: signature first (constant time), then decrypt, then
 * the corp id. `answer` decides each attempt's fate: a status, or 'hang' to never answer in time.
 */
async function receiver(s: Sandbox, answer: (attempt: number) => number | 'hang' = () => 200) {
  const got: Delivery[] = []
  const encrypts: string[] = []
  let attempt = 0
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      attempt += 1
      const url = new URL(req.url ?? '/', 'http://receiver')
      const outer = parseXml(body)
      const encrypted = outer.Encrypt ?? ''
      encrypts.push(encrypted)
      const expected = getSignature(
        s.token,
        url.searchParams.get('timestamp') ?? '',
        url.searchParams.get('nonce') ?? '',
        encrypted,
      )
      const given = url.searchParams.get('msg_signature') ?? ''
      if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        res.writeHead(401).end()
        return
      }
      const opened = decrypt(s.encodingAesKey, encrypted)
      if (opened.id !== s.corpId) {
        res.writeHead(403).end()
        return
      }
      const fate = answer(attempt)
      if (fate === 'hang') return // the sandbox's timeout gives up on this attempt
      if (fate === 200) got.push({ outer, event: parseXml(opened.message), raw: opened.message })
      res.writeHead(fate).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  stoppers.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  )
  s.control.setCallbackUrl(
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback/customerEvent/${s.corpId}`,
  )
  return { got, encrypts, events: () => got.map((d) => d.event) }
}

const api = (s: Sandbox, path: string, query: Record<string, string>, body?: unknown) =>
  callSandbox(s, path, { query, body })

async function addWay(s: Sandbox, body: Json): Promise<string> {
  const answer = await api(
    s,
    'externalcontact/add_contact_way',
    {},
    { type: 1, scene: 2, remark: '测试码', skip_verify: true, ...body },
  )
  expect(answer.errcode).toBe(0)
  return String(answer.config_id)
}

const listOf = async (s: Sandbox, userid: string) => {
  const answer = await api(s, 'externalcontact/list', { userid })
  return answer.errcode === 84061 ? [] : (answer.external_userid as string[])
}

describe('sandbox scans and callbacks', () => {
  it('posts a signed, encrypted add_external_contact with State and WelcomeCode when a customer scans', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    const configId = await addWay(s, { state: 'poster01', user: ['zhangwei'] })
    const before = Math.floor(Date.now() / 1000)
    const scan = await s.control.scan({ configId })
    expect(scan).toMatchObject({ userid: 'zhangwei', pending: false, welcomeCode: expect.any(String) })
    expect(scan.externalUserid).toMatch(/^wm[A-Za-z0-9]{30}$/)
    expect(scan.customerName).toMatch(/^[\u4e00-\u9fff]{2,4}$/)
    expect(r.got).toHaveLength(1)
    expect(r.got[0]!.outer).toMatchObject({ ToUserName: s.corpId, AgentID: '' })
    const event = r.got[0]!.event
    expect(event).toEqual({
      ToUserName: s.corpId,
      FromUserName: 'sys',
      CreateTime: expect.stringMatching(/^\d+$/),
      MsgType: 'event',
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'zhangwei',
      ExternalUserID: scan.externalUserid,
      State: 'poster01',
      WelcomeCode: scan.welcomeCode,
    })
    expect(Number(event.CreateTime)).toBeGreaterThanOrEqual(before)
    expect(s.control.callbacks).toEqual([
      expect.objectContaining({ changeType: 'add_external_contact', status: 200, attempts: 1 }),
    ])
    // The relation carries the code's state, as the sync reads it.
    const got = await api(s, 'externalcontact/get', { external_userid: scan.externalUserid })
    expect(got.follow_user).toEqual([expect.objectContaining({ userid: 'zhangwei', state: 'poster01' })])
  })

  it('finds a code by state too, and spreads a multi-member code round-robin', async () => {
    const s = await sandbox()
    await addWay(s, { type: 2, state: 'team', user: ['zhangwei', 'lina', 'wangfang'] })
    const routed: string[] = []
    for (let i = 0; i < 6; i++) routed.push((await s.control.scan({ state: 'team' })).userid)
    expect(routed).toEqual(['zhangwei', 'lina', 'wangfang', 'zhangwei', 'lina', 'wangfang'])
    expect((await s.control.scan({ state: 'team' }, { userid: 'wangfang' })).userid).toBe('wangfang')
    await expect(s.control.scan({ state: 'team' }, { userid: 'liuyang' })).rejects.toThrow(/not on this code/)
    await expect(s.control.scan({ state: 'nobody-has-this' })).rejects.toThrow()
  })

  it('holds an add until the member accepts when skip_verify is off, then sends add_external_contact', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    await addWay(s, { state: 'verify', user: ['lina'], skip_verify: false })
    const scan = await s.control.scan({ state: 'verify' })
    expect(scan).toMatchObject({ pending: true, welcomeCode: null })
    expect(r.got).toHaveLength(0)
    expect(s.control.pending).toEqual([
      expect.objectContaining({ userid: 'lina', externalUserid: scan.externalUserid }),
    ])
    expect(await listOf(s, 'lina')).not.toContain(scan.externalUserid)
    await s.control.acceptPending('lina', scan.externalUserid)
    expect(r.events().map((e) => [e.ChangeType, e.State, Boolean(e.WelcomeCode)])).toEqual([
      ['add_external_contact', 'verify', true],
    ])
    expect(await listOf(s, 'lina')).toContain(scan.externalUserid)
    expect(s.control.pending).toEqual([])
    await expect(s.control.acceptPending('lina', scan.externalUserid)).rejects.toThrow()
  })

  it('accepts a pending add by itself after autoAcceptPendingAfterMs', async () => {
    const s = await sandbox({ autoAcceptPendingAfterMs: 50 })
    const r = await receiver(s)
    await addWay(s, { state: 'auto', user: ['lina'], skip_verify: false })
    const scan = await s.control.scan({ state: 'auto' })
    expect(r.got).toHaveLength(0)
    await expect
      .poll(() => r.events().map((e) => e.ExternalUserID), { timeout: 2000 })
      .toEqual([scan.externalUserid])
  })

  it('sends only the half event (with the WelcomeCode) for a half-add member; the full one when they confirm', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    s.control.setMemberHalfAdd('liuyang', true)
    await addWay(s, { state: 'half', user: ['liuyang'] })
    const scan = await s.control.scan({ state: 'half' })
    expect(scan).toMatchObject({ half: true, welcomeCode: expect.any(String) })
    expect(r.events().map((e) => e.ChangeType)).toEqual(['add_half_external_contact'])
    expect(r.events()[0]).toMatchObject({ State: 'half', WelcomeCode: scan.welcomeCode })
    // The full add may come minutes later, or never: here, when the member confirms.
    await s.control.confirmHalfAdd('liuyang', scan.externalUserid)
    const events = r.events()
    expect(events.map((e) => e.ChangeType)).toEqual(['add_half_external_contact', 'add_external_contact'])
    expect(events[1]!.State).toBe('half')
    expect(events[1]).not.toHaveProperty('WelcomeCode')
  })

  it('issues no WelcomeCode for a member with an admin welcome message', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    s.control.setMemberAdminWelcome('zhangwei', true)
    await addWay(s, { state: 'admin', user: ['zhangwei'] })
    const scan = await s.control.scan({ state: 'admin' })
    expect(scan.welcomeCode).toBeNull()
    expect(r.events()[0]).not.toHaveProperty('WelcomeCode')
    expect(r.events()[0]!.State).toBe('admin')
  })

  it('keeps a customer who deleted the member in list, get and batch, and sends del_follow_user', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    await addWay(s, { state: 'oneway', user: ['zhangwei'] })
    const scan = await s.control.scan({ state: 'oneway' })
    await s.control.customerDeletesMember(scan.externalUserid, 'zhangwei')
    expect(r.events().at(-1)).toMatchObject({
      ChangeType: 'del_follow_user',
      UserID: 'zhangwei',
      ExternalUserID: scan.externalUserid,
    })
    expect(await listOf(s, 'zhangwei')).toContain(scan.externalUserid)
    expect(await api(s, 'externalcontact/get', { external_userid: scan.externalUserid })).toMatchObject({
      errcode: 0,
      follow_user: [expect.objectContaining({ userid: 'zhangwei', state: 'oneway' })],
    })
    const batch = await api(
      s,
      'externalcontact/batch/get_by_user',
      {},
      { userid_list: ['zhangwei'], limit: 100 },
    )
    const ids = (batch.external_contact_list as { external_contact: { external_userid: string } }[]).map(
      (c) => c.external_contact.external_userid,
    )
    expect(ids).toContain(scan.externalUserid)
  })

  it('drops a customer the member deleted from every read and sends del_external_contact with Source', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    await addWay(s, { state: 'gone', user: ['zhangwei'] })
    const a = await s.control.scan({ state: 'gone' })
    const b = await s.control.scan({ state: 'gone' })
    await s.control.memberDeletesCustomer('zhangwei', a.externalUserid)
    await s.control.memberDeletesCustomer('zhangwei', b.externalUserid, { source: 'DELETE_BY_TRANSFER' })
    expect(r.events().slice(-2)).toEqual([
      expect.objectContaining({
        ChangeType: 'del_external_contact',
        ExternalUserID: a.externalUserid,
        Source: '',
      }),
      expect.objectContaining({
        ChangeType: 'del_external_contact',
        ExternalUserID: b.externalUserid,
        Source: 'DELETE_BY_TRANSFER',
      }),
    ])
    expect(await listOf(s, 'zhangwei')).not.toContain(a.externalUserid)
    expect(await api(s, 'externalcontact/get', { external_userid: a.externalUserid })).toMatchObject({
      errcode: 84061,
    })
    const groups = (await api(s, 'externalcontact/get_corp_tag_list', {}, {})).tag_group as {
      tag: { id: string }[]
    }[]
    const mark = { userid: 'zhangwei', external_userid: a.externalUserid, add_tag: [groups[0]!.tag[0]!.id] }
    expect(await api(s, 'externalcontact/mark_tag', {}, mark)).toMatchObject({ errcode: 84061 })
    await expect(s.control.memberDeletesCustomer('zhangwei', a.externalUserid)).rejects.toThrow()
  })

  it('re-adds a customer after either kind of delete, with a fresh add_external_contact and WelcomeCode', async () => {
    let now = Date.now()
    const s = await sandbox({ now: () => now })
    const r = await receiver(s)
    await addWay(s, { state: 'again', user: ['zhangwei'] })
    const first = await s.control.scan({ state: 'again' })
    await s.control.memberDeletesCustomer('zhangwei', first.externalUserid)
    now += 2000
    const back = await s.control.scan({ state: 'again' }, { externalUserid: first.externalUserid })
    expect(back.externalUserid).toBe(first.externalUserid)
    expect(back.customerName).toBe(first.customerName)
    expect(back.welcomeCode).not.toBe(first.welcomeCode)
    await s.control.customerDeletesMember(first.externalUserid, 'zhangwei')
    now += 2000
    await s.control.scan({ state: 'again' }, { externalUserid: first.externalUserid })
    const adds = r.events().filter((e) => e.ChangeType === 'add_external_contact')
    expect(adds.map((e) => e.ExternalUserID)).toEqual([
      first.externalUserid,
      first.externalUserid,
      first.externalUserid,
    ])
    expect(new Set(adds.map((e) => e.CreateTime)).size).toBe(3)
    expect(new Set(adds.map((e) => e.WelcomeCode)).size).toBe(3)
    expect(await listOf(s, 'zhangwei')).toEqual(expect.arrayContaining([first.externalUserid]))
  })

  it('tries a failing receiver three times in all, each freshly encrypted, and records the outcome', async () => {
    const s = await sandbox()
    const r = await receiver(s, (attempt) => (attempt < 3 ? 500 : 200))
    await addWay(s, { state: 'retry', user: ['zhangwei'] })
    await s.control.scan({ state: 'retry' })
    expect(r.encrypts).toHaveLength(3)
    expect(new Set(r.encrypts).size).toBe(3)
    expect(r.got).toHaveLength(1)
    expect(s.control.callbacks.at(-1)).toMatchObject({ status: 200, attempts: 3 })
  })

  it('gives up after three attempts when the receiver keeps timing out', async () => {
    const s = await sandbox({ callbackTimeoutMs: 100 })
    const r = await receiver(s, () => 'hang')
    await addWay(s, { state: 'slow', user: ['zhangwei'] })
    await s.control.scan({ state: 'slow' })
    expect(r.encrypts).toHaveLength(3)
    expect(s.control.callbacks.at(-1)).toMatchObject({ status: 0, attempts: 3 })
  })
})

describe('sandbox control over HTTP', () => {
  const control = async (s: Sandbox, method: string, body: unknown = {}) => {
    const res = await fetch(`${s.apiBase}/sandbox/control/${method}`, {
      method: 'POST',
      body: JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Json }
  }

  it('scans, accepts, deletes and reports state like the in-process control', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    const configId = await addWay(s, { state: 'http', user: ['lina'], skip_verify: false })
    const scan = await control(s, 'scan', { configId, customerName: '测试客户' })
    expect(scan).toMatchObject({
      status: 200,
      body: { pending: true, customerName: '测试客户', userid: 'lina' },
    })
    const ext = String(scan.body.externalUserid)
    expect(await control(s, 'acceptPending', { userid: 'lina', externalUserid: ext })).toMatchObject({
      status: 200,
      body: { ok: true },
    })
    expect(await control(s, 'setMemberHalfAdd', { userid: 'lina', on: true })).toMatchObject({ status: 200 })
    expect(await control(s, 'customerDeletesMember', { userid: 'lina', externalUserid: ext })).toMatchObject({
      status: 200,
    })
    expect(r.events().map((e) => e.ChangeType)).toEqual(['add_external_contact', 'del_follow_user'])
    expect((await control(s, 'contactWay', { configId })).body).toMatchObject({
      contactWay: { skip_verify: false, state: 'http', user: ['lina'], remark: '测试码' },
    })
    const state = (await control(s, 'state')).body
    expect(state.callbacks).toHaveLength(2)
    expect((state.calls as Record<string, number>)['/cgi-bin/externalcontact/add_contact_way']).toBe(1)
    expect((await control(s, 'seedRelations', { members: 2, perMember: 3 })).body).toEqual({
      userids: ['bench0000', 'bench0001'],
    })
    expect(await control(s, 'setCallbackUrl', { url: null })).toMatchObject({ status: 200 })
    await control(s, 'scan', { state: 'http' })
    expect(r.got).toHaveLength(2)
  })

  it('answers 400 for bad arguments or a refused action and 404 for an unknown method', async () => {
    const s = await sandbox()
    expect(await control(s, 'setLatency', { ms: 'slow' })).toMatchObject({
      status: 400,
      body: { error: expect.any(String) },
    })
    expect(await control(s, 'acceptPending', { userid: 'lina', externalUserid: 'wmnobody' })).toMatchObject({
      status: 400,
    })
    expect(await control(s, 'scan', { state: 'no-such-code' })).toMatchObject({
      status: 400,
      body: { errcode: 41044 },
    })
    expect(await control(s, 'selfDestruct')).toMatchObject({ status: 404 })
    const res = await fetch(`${s.apiBase}/sandbox/control/scan`, { method: 'POST', body: '{not json' })
    expect(res.status).toBe(400)
  })
})

describe('sandbox like WeCom: re-scans, transfers and the other messages of the app', () => {
  it('sends nothing when a current friend scans again; a customer who deleted the member re-adds', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    await addWay(s, { state: 'again', user: ['lina'] })
    const first = await s.control.scan({ state: 'again' }, { customerName: '回头客' })
    const second = await s.control.scan({ state: 'again' }, { customerName: '回头客' })
    expect(second).toMatchObject({ alreadyFriend: true, welcomeCode: null })
    expect(r.events()).toHaveLength(1)
    await s.control.customerDeletesMember(first.externalUserid, 'lina')
    const third = await s.control.scan({ state: 'again' }, { customerName: '回头客' })
    expect(third.alreadyFriend).toBe(false)
    expect(r.events().map((e) => e.ChangeType)).toEqual([
      'add_external_contact',
      'del_follow_user',
      'add_external_contact',
    ])
  })

  it.each([true, false])(
    'settles a transfer: DELETE_BY_TRANSFER to the handover, no add event, the takeover has it (state kept: %s)',
    async (keep) => {
      let now = Date.UTC(2026, 5, 1)
      const s = await sandbox({ now: () => now, keepStateOnTransfer: keep })
      const r = await receiver(s)
      await addWay(s, { state: 'txst', user: ['zhangwei'] })
      const scan = await s.control.scan({ state: 'txst' })
      await api(
        s,
        'externalcontact/transfer_customer',
        {},
        {
          handover_userid: 'zhangwei',
          takeover_userid: 'wangfang',
          external_userid: [scan.externalUserid],
        },
      )
      now += 86_400_000
      expect(await s.control.settleTransfers()).toBe(1)
      expect(r.events().map((e) => [e.ChangeType, e.UserID, e.Source ?? ''])).toEqual([
        ['add_external_contact', 'zhangwei', ''],
        ['del_external_contact', 'zhangwei', 'DELETE_BY_TRANSFER'],
      ])
      expect(await listOf(s, 'zhangwei')).not.toContain(scan.externalUserid)
      const batch = await api(
        s,
        'externalcontact/batch/get_by_user',
        {},
        { userid_list: ['wangfang'], limit: 100 },
      )
      const moved = (
        batch.external_contact_list as { external_contact: { external_userid: string }; follow_info: Json }[]
      ).find((c) => c.external_contact.external_userid === scan.externalUserid)
      expect(moved?.follow_info).toMatchObject({ add_way: 202, oper_userid: 'zhangwei' })
      expect(moved?.follow_info.state).toBe(keep ? 'txst' : undefined)
    },
  )

  it('sends transfer_fail with the reason, and the customer stays with the handover member', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    await addWay(s, { state: 'txfail', user: ['zhangwei'] })
    const scan = await s.control.scan({ state: 'txfail' })
    await api(
      s,
      'externalcontact/transfer_customer',
      {},
      {
        handover_userid: 'zhangwei',
        takeover_userid: 'wangfang',
        external_userid: [scan.externalUserid],
      },
    )
    await s.control.failTransfer(scan.externalUserid, 'customer_refused')
    expect(r.events().at(-1)).toMatchObject({
      ChangeType: 'transfer_fail',
      UserID: 'wangfang',
      ExternalUserID: scan.externalUserid,
      Source: 'customer_refused',
    })
    expect(await listOf(s, 'zhangwei')).toContain(scan.externalUserid)
  })

  it('posts the other messages a self-built app receives, nested lists included', async () => {
    const s = await sandbox()
    const r = await receiver(s)
    await s.control.sendMessage({
      FromUserName: 'zhangwei',
      CreateTime: 1_800_000_000,
      MsgType: 'text',
      Content: '你好',
      MsgId: '1234567',
      AgentID: 1000002,
    })
    await s.control.sendMessage({
      FromUserName: 'sys',
      CreateTime: 1_800_000_001,
      MsgType: 'event',
      Event: 'change_external_tag',
      Id: 'etTAG',
      TagType: 'tag',
      ChangeType: 'create',
    })
    await s.control.sendMessage({
      FromUserName: 'sys',
      CreateTime: 1_800_000_002,
      MsgType: 'event',
      Event: 'change_contact',
      ChangeType: 'update_user',
      UserID: 'zhangwei',
    })
    await s.control.sendMessage({
      FromUserName: 'sys',
      CreateTime: 1_800_000_003,
      MsgType: 'event',
      Event: 'change_external_chat',
      ChatId: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA',
      ChangeType: 'update',
      UpdateDetail: 'add_member',
      MemChangeList: { Item: ['wmA', 'wmB'] },
    })
    expect(r.events().map((e) => e.MsgType + ':' + (e.Event ?? ''))).toEqual([
      'text:',
      'event:change_external_tag',
      'event:change_contact',
      'event:change_external_chat',
    ])
    expect(r.got[3]!.raw).toContain(
      '<MemChangeList><Item><![CDATA[wmA]]></Item><Item><![CDATA[wmB]]></Item></MemChangeList>',
    )
    expect(s.control.callbacks.at(-1)).toMatchObject({
      msgType: 'event',
      event: 'change_external_chat',
      status: 200,
    })
  })
})
