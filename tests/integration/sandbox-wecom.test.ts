// The real WeCom client against the simulator: it survives token expiry and the rate cap, and turns
// WeCom's refusals into WeComErrors with the manager's message. (The simulator's own behaviour is
// pinned in sandbox-api.test.ts, its scans and callbacks in sandbox-events.test.ts.)

import { afterEach, describe, expect, it } from 'vitest'
import { createWeComClient, WeComError } from '../../wecom'
import { startSandbox } from '../../sandbox'
import type { Sandbox, SandboxOptions } from '../../sandbox/types'

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
})
