// Nothing verified is refused. A self-built app's callback URL gets every message and event of the
// app; the relay answers 200 to each one whose signature checks and that decrypts — text a member
// sends the app, other events, nested XML, even a body that is not XML — keeping what it does not
// act on. An old timestamp is no reason to drop an event: the clock's drift is reported instead.

import Database from 'better-sqlite3'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sealCallback } from '../../wecom/callback-crypto'
import { eventXml } from '../../wecom/callback-xml'
import { clockItem } from '../../main/workspace/check'
import { relayHealthSchema } from '../../common/relay-api'
import { relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'
import { sqliteOnly } from './relay-test-store'

// Skipped on PostgreSQL (RELAY_TEST_STORE=postgres): these read, edit or hook the SQLite file.
sqliteOnly([
  'answers 200 to a text, other events and nested XML, keeps them, and makes no customer event',
  'answers 200 to a verified body that is not XML at all, and keeps it',
  'drops them after keepMessagesDays; customer events stay for the desktops',
])

let world: RelayWorld | null = null
afterEach(async () => {
  await world?.stop()
  world = null
})

const kept = (w: RelayWorld) => {
  const db = new Database(path.join(w.dataDir, 'relay.sqlite'), { readonly: true })
  try {
    return db.prepare('SELECT msg_type, event, change_type FROM messages ORDER BY id').all()
  } finally {
    db.close()
  }
}

describe('the callback URL takes every verified message', () => {
  it('answers 200 to a text, other events and nested XML, keeps them, and makes no customer event', async () => {
    world = await relayWorld()
    const w = world
    const sent = [
      {
        FromUserName: 'zhangwei',
        CreateTime: 1_800_000_000,
        MsgType: 'text',
        Content: '你好',
        MsgId: '1',
        AgentID: 1,
      },
      {
        FromUserName: 'sys',
        CreateTime: 1_800_000_001,
        MsgType: 'event',
        Event: 'change_contact',
        ChangeType: 'update_user',
        UserID: 'zhangwei',
      },
      {
        FromUserName: 'sys',
        CreateTime: 1_800_000_002,
        MsgType: 'event',
        Event: 'change_external_tag',
        ChangeType: 'create',
        Id: 'et1',
        TagType: 'tag',
      },
      {
        FromUserName: 'sys',
        CreateTime: 1_800_000_003,
        MsgType: 'event',
        Event: 'change_external_chat',
        ChatId: 'wrChat',
        ChangeType: 'update',
        UpdateDetail: 'add_member',
        MemChangeList: { Item: ['wmA', 'wmB'] },
      },
    ]
    for (const values of sent) expect((await w.sandbox.control.sendMessage(values)).status).toBe(200)
    // WeCom saw 200 the first time: no retries.
    expect(w.sandbox.control.callbacks.map((c) => c.status)).toEqual([200, 200, 200, 200])
    expect(kept(w)).toEqual([
      { msg_type: 'text', event: '', change_type: '' },
      { msg_type: 'event', event: 'change_contact', change_type: 'update_user' },
      { msg_type: 'event', event: 'change_external_tag', change_type: 'create' },
      { msg_type: 'event', event: 'change_external_chat', change_type: 'update' },
    ])
    expect((await w.api('GET', '/events?after=0')).body.events).toEqual([])
    // A retry of a kept message is kept once.
    await w.sandbox.control.sendMessage(sent[0]!)
    expect(kept(w)).toHaveLength(4)
  })

  it('answers 200 to a verified body that is not XML at all, and keeps it', async () => {
    world = await relayWorld()
    const { query, body } = sealCallback(world.sandbox, 'not xml, but signed and encrypted')
    expect((await fetch(`${world.callbackUrl}?${query}`, { method: 'POST', body })).status).toBe(200)
    expect(kept(world)).toEqual([{ msg_type: '', event: '', change_type: '' }])
  })
})

describe('how long the other messages are kept', () => {
  it('drops them after keepMessagesDays; customer events stay for the desktops', async () => {
    let clock = Date.now()
    world = await relayWorld({ relay: { now: () => clock, keepMessagesDays: 1, housekeepingMs: 20 } })
    const w = world
    await w.sandbox.control.sendMessage({
      FromUserName: 'zhangwei',
      CreateTime: 1,
      MsgType: 'text',
      Content: '旧消息',
    })
    expect(
      await w.post({ changeType: 'del_follow_user', userid: 'zhangwei', externalUserid: 'wmKEEP' }),
    ).toBe(200)
    clock += 2 * 86_400_000
    await w.sandbox.control.sendMessage({
      FromUserName: 'zhangwei',
      CreateTime: 2,
      MsgType: 'text',
      Content: '新消息',
    })
    // The day-old text goes at the next housekeeping; the new one and the customer event stay.
    await waitFor(() => kept(w).length === 1)
    expect((await w.api('GET', '/events?after=0')).body.events).toHaveLength(1)
  })
})

describe('a relay whose clock is off', () => {
  it('still takes an event signed an hour ago, acts on it, and reports the drift', async () => {
    world = await relayWorld()
    const w = world
    const policy = await wayWithPolicy(w, { memberUserids: ['zhangwei'] })
    const hourAgo = Math.floor(Date.now() / 1000) - 3600
    const message = eventXml(w.sandbox.corpId, {
      changeType: 'add_external_contact',
      userid: 'zhangwei',
      externalUserid: 'wmLate',
      state: policy.state,
      createTime: hourAgo,
    })
    const { query, body } = sealCallback(w.sandbox, message, hourAgo)
    expect((await fetch(`${w.callbackUrl}?${query}`, { method: 'POST', body })).status).toBe(200)
    expect((await w.api('GET', '/events?after=0')).body.events).toEqual([
      expect.objectContaining({ externalUserid: 'wmLate', changeType: 'add_external_contact' }),
    ])
    await waitFor(async () =>
      ((await w.api('GET', '/actions?after=0')).body.actions as { kind: string }[]).some(
        (a) => a.kind === 'tags',
      ),
    )
    const healthz = (await (await fetch(`${w.relay.url}/healthz`)).json()) as { clockSkewSeconds: number }
    expect(healthz.clockSkewSeconds).toBeGreaterThanOrEqual(3600)
    expect(healthz.clockSkewSeconds).toBeLessThan(3610)
    const health = relayHealthSchema.parse((await w.api('GET', '/health')).body)
    expect(health.clockSkewSeconds).toBe(healthz.clockSkewSeconds)
    // 检查连接 says so, in words the manager can act on.
    const item = clockItem(health, Date.now())
    expect(item).toMatchObject({ key: 'relayClock', ok: false, message: expect.stringContaining('快 36') })
  })

  it('before any callback, 检查连接 compares the relay’s clock with this computer’s', () => {
    const base = {
      ok: true,
      corpId: 'ww',
      version: 'x',
      callbackUrlPath: '/callback/customerEvent/ww',
      wecomOk: true,
      wecomMessage: '',
      lastEventAt: null,
      policies: 0,
      clockSkewSeconds: null,
    }
    const now = Date.UTC(2026, 11, 1)
    expect(clockItem({ ...base, serverTime: now + 5000 }, now)).toMatchObject({ ok: true })
    expect(clockItem({ ...base, serverTime: now - 600_000 }, now)).toMatchObject({
      ok: false,
      message: expect.stringContaining('相差 600 秒'),
    })
    // A 0.1.0 relay sends neither: nothing to say.
    const { clockSkewSeconds: _skew, ...old } = base
    expect(clockItem(old, now)).toBeNull()
  })
})
