// The simulator behaves as WeCom does (tokens, caps, lengths, welcome codes, paging, callbacks,
// one-way deletes), and the real client survives it: token expiry, rate limiting, bad errcodes.

import { decrypt, getSignature } from '@wecom/crypto'
import { mkdtempSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createWeComClient, WeComError } from '../../wecom'
import { startSandbox } from '../../sandbox'
import type { Sandbox, SandboxOptions } from '../../sandbox/types'
import { parseFlatXml } from '../../wecom/callback-xml'

const stoppers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stoppers.splice(0)) await stop()
})

async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const s = await startSandbox(opts)
  stoppers.push(() => s.stop())
  return s
}

const clientOf = (s: Sandbox, extra = {}) =>
  createWeComClient({ apiBase: s.apiBase, corpId: s.corpId, secret: s.secret, backoffBaseMs: 5, ...extra })

/** A callback receiver that checks the signature and decrypts like the relay. */
async function receiver(s: Sandbox) {
  const got: Record<string, string>[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const encrypted = parseFlatXml(body)!.Encrypt!
      const sig = getSignature(
        s.token,
        url.searchParams.get('timestamp')!,
        url.searchParams.get('nonce')!,
        encrypted,
      )
      if (sig !== url.searchParams.get('msg_signature')) {
        res.writeHead(401).end()
        return
      }
      const opened = decrypt(s.encodingAesKey, encrypted)
      expect(opened.id).toBe(s.corpId)
      got.push(parseFlatXml(opened.message)!)
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  stoppers.push(() => new Promise((r) => server.close(() => r())))
  s.control.setCallbackUrl(`http://127.0.0.1:${(server.address() as { port: number }).port}/cb`)
  return got
}

async function codeFor(s: Sandbox, users: string[], skipVerify = true) {
  const way = await clientOf(s).addContactWay({
    type: users.length === 1 ? 1 : 2,
    scene: 2,
    remark: '测试',
    skip_verify: skipVerify,
    state: 'st1',
    user: users,
  })
  return way
}

describe('the sandbox simulator and the WeCom client', () => {
  it('expires tokens like WeCom and the client refreshes and carries on', async () => {
    const s = await sandbox()
    const client = clientOf(s)
    expect((await client.getFollowUserList()).length).toBeGreaterThan(10)
    s.control.expireTokens()
    expect((await client.getFollowUserList()).length).toBeGreaterThan(10)
    expect(s.control.calls['/cgi-bin/gettoken']).toBe(2)
    const raw = await fetch(`${s.apiBase}/cgi-bin/externalcontact/get_follow_user_list?access_token=nope`)
    expect(await raw.json()).toMatchObject({ errcode: 40014 })
  })

  it('answers 45009 past its rate cap and the client backs off until it fails clearly', async () => {
    const s = await sandbox({ rateLimitPerMinute: 3 })
    const client = clientOf(s, { maxRetries: 1 })
    await client.getFollowUserList()
    await client.getFollowUserList()
    await client.getFollowUserList()
    await expect(client.getFollowUserList()).rejects.toMatchObject({ errcode: 45009 })
    expect(s.control.calls['/cgi-bin/externalcontact/get_follow_user_list']).toBe(5)
  })

  it('refuses bad secrets, long remarks and states, and unknown ways with their errcodes', async () => {
    const s = await sandbox()
    await expect(
      createWeComClient({ apiBase: s.apiBase, corpId: s.corpId, secret: 'wrong-secret' }).getToken(),
    ).rejects.toMatchObject({ errcode: 40001 })
    const client = clientOf(s)
    const base = { type: 1 as const, scene: 2 as const, skip_verify: true, user: ['zhangwei'] }
    await expect(
      client.addContactWay({ ...base, remark: '一'.repeat(31), state: 's' }),
    ).rejects.toMatchObject({ errcode: 40058 })
    await expect(client.addContactWay({ ...base, remark: 'r', state: 'x'.repeat(31) })).rejects.toMatchObject(
      { errcode: 40058 },
    )
    await expect(
      client.addContactWay({ ...base, remark: 'r', state: 's', user: ['zhoujie'] }),
    ).rejects.toMatchObject({ errcode: 84074 })
    await expect(
      client.addContactWay({ ...base, remark: 'r', state: 's', user: ['wuhao'] }),
    ).rejects.toMatchObject({ errcode: 41054 })
    const error = await client.getContactWay('unknown').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WeComError)
    expect((error as WeComError).message).toBe('企业微信中已不存在这个活码')
  })

  it('makes a welcome code valid once and for 20 seconds only', async () => {
    let now = Date.now()
    const s = await sandbox({ now: () => now })
    await receiver(s)
    const way = await codeFor(s, ['zhangwei'])
    const client = clientOf(s)
    const first = await s.control.scan({ configId: way.config_id })
    await client.sendWelcomeMsg({ welcome_code: first.welcomeCode!, text: { content: '您好' } })
    await expect(
      client.sendWelcomeMsg({ welcome_code: first.welcomeCode!, text: { content: '您好' } }),
    ).rejects.toMatchObject({ errcode: 41050 })
    const late = await s.control.scan({ configId: way.config_id })
    now += 21_000
    await expect(
      client.sendWelcomeMsg({ welcome_code: late.welcomeCode!, text: { content: '您好' } }),
    ).rejects.toMatchObject({ errcode: 41050 })
    expect(s.control.sentWelcomes).toHaveLength(1)
  })

  it('pages batch/get_by_user with the limit clamped to 100', async () => {
    const s = await sandbox({ seed: false })
    const { userids } = s.control.seedRelations({ members: 3, perMember: 90, state: 'bulk' })
    const client = clientOf(s)
    const seen = new Set<string>()
    let cursor = ''
    let pages = 0
    do {
      const page = await client.batchGetByUser({ userid_list: userids, cursor, limit: 500 })
      expect(page.external_contact_list.length).toBeLessThanOrEqual(100)
      for (const c of page.external_contact_list) {
        seen.add(c.external_contact.external_userid)
        expect(c.follow_info.state).toBe('bulk')
      }
      cursor = page.next_cursor
      pages++
    } while (cursor)
    expect(seen.size).toBe(270)
    expect(pages).toBe(3)
    await expect(
      client.batchGetByUser({ userid_list: Array.from({ length: 101 }, (_, i) => `u${i}`) }),
    ).rejects.toMatchObject({ errcode: 40058 })
  })

  it('posts a signed, encrypted add callback with State and WelcomeCode when a customer scans', async () => {
    const s = await sandbox()
    const got = await receiver(s)
    const way = await codeFor(s, ['zhangwei'])
    const scan = await s.control.scan({ configId: way.config_id })
    expect(got).toEqual([
      expect.objectContaining({
        ToUserName: s.corpId,
        FromUserName: 'sys',
        Event: 'change_external_contact',
        ChangeType: 'add_external_contact',
        UserID: 'zhangwei',
        ExternalUserID: scan.externalUserid,
        State: 'st1',
        WelcomeCode: scan.welcomeCode,
      }),
    ])
  })

  it('holds an add until the member accepts when auto-accept is off', async () => {
    const s = await sandbox()
    const got = await receiver(s)
    const way = await codeFor(s, ['lina'], false)
    const scan = await s.control.scan({ configId: way.config_id })
    expect(scan.pending).toBe(true)
    expect(got).toHaveLength(0)
    expect(await clientOf(s).listExternalContacts('lina')).not.toContain(scan.externalUserid)
    await s.control.acceptPending('lina', scan.externalUserid)
    expect(got.map((e) => e.ChangeType)).toEqual(['add_external_contact'])
    expect(await clientOf(s).listExternalContacts('lina')).toContain(scan.externalUserid)
  })

  it('sends the half event then the full one for a member set to half-add, with one welcome code', async () => {
    const s = await sandbox()
    const got = await receiver(s)
    s.control.setMemberHalfAdd('liuyang', true)
    const way = await codeFor(s, ['liuyang'])
    await s.control.scan({ configId: way.config_id })
    expect(got.map((e) => e.ChangeType)).toEqual(['add_half_external_contact', 'add_external_contact'])
    expect(got[0]!.WelcomeCode).toBeTruthy()
    expect(got[1]!.WelcomeCode).toBeUndefined()
  })

  it('keeps a customer who deleted the member in the list but drops one the member deleted', async () => {
    const s = await sandbox()
    const got = await receiver(s)
    const way = await codeFor(s, ['zhangwei'])
    const a = await s.control.scan({ configId: way.config_id })
    const b = await s.control.scan({ configId: way.config_id })
    await s.control.customerDeletesMember(a.externalUserid, 'zhangwei')
    await s.control.memberDeletesCustomer('zhangwei', b.externalUserid)
    const list = await clientOf(s).listExternalContacts('zhangwei')
    expect(list).toContain(a.externalUserid)
    expect(list).not.toContain(b.externalUserid)
    expect(got.map((e) => e.ChangeType).slice(-2)).toEqual(['del_follow_user', 'del_external_contact'])
  })

  it('keeps its ways and customers across a restart when given a state file', async () => {
    const stateFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'sbx-')), 'state.json')
    const first = await startSandbox({ stateFile, secret: 'persist-secret-1' })
    const way = await clientOf(first).addContactWay({
      type: 1,
      scene: 2,
      remark: '留存',
      skip_verify: true,
      state: 'keep',
      user: ['zhangwei'],
    })
    await first.stop()
    const second = await sandbox({ stateFile, secret: 'persist-secret-1' })
    expect((await clientOf(second).getContactWay(way.config_id)).remark).toBe('留存')
    const qr = await fetch(`${second.apiBase}/sandbox/qr/${way.config_id}.png`)
    expect(qr.headers.get('content-type')).toBe('image/png')
  })
})
