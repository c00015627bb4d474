// What smart routing leans on in the simulator, as strict as WeCom's docs: update_contact_way has its
// own 10,000 calls/min cap (doc 90454: per corp per API) and answers 45033 when too many calls of it
// are in flight (the docs give the errcode, not the number: a switch, tested tight and at its
// default); every applied update is recorded so tests can count re-points per code.

import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../sandbox'
import type { Sandbox, SandboxOptions } from '../../sandbox/types'
import { callSandbox, getToken, type Json } from './sandbox-calls'

const running: Sandbox[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

async function sandbox(opts: SandboxOptions = {}) {
  const s = await startSandbox(opts)
  running.push(s)
  return s
}

async function way(s: Sandbox, token: string): Promise<string> {
  const answer = await callSandbox(s, 'externalcontact/add_contact_way', {
    token,
    body: { type: 2, scene: 2, remark: '', skip_verify: true, state: 'r1', user: ['lina', 'wangfang'] },
  })
  expect(answer.errcode).toBe(0)
  return String(answer.config_id)
}

const update = (s: Sandbox, token: string, configId: string, user: string[]) =>
  callSandbox(s, 'externalcontact/update_contact_way', {
    token,
    body: { config_id: configId, remark: '', skip_verify: true, state: 'r1', user, party: [] },
  })

describe('update_contact_way in the simulator', () => {
  it('defaults to WeCom’s 10,000 calls a minute per API, counted apart from get_contact_way', async () => {
    let now = Date.UTC(2026, 11, 1)
    const s = await sandbox({ now: () => now, rateLimitPerMinute: 4 })
    const token = String((await getToken(s)).access_token)
    const id = await way(s, token)
    const codes: unknown[] = []
    for (let i = 0; i < 6; i++)
      codes.push((await update(s, token, id, i % 2 ? ['lina'] : ['wangfang'])).errcode)
    expect(codes).toEqual([0, 0, 0, 0, 45009, 45009])
    expect(
      (await callSandbox(s, 'externalcontact/get_contact_way', { token, body: { config_id: id } })).errcode,
    ).toBe(0)
    // Refused calls change nothing and are not recorded as applied.
    expect(s.control.wayUpdates.map((u) => u.user)).toEqual([['wangfang'], ['lina'], ['wangfang'], ['lina']])
    now += 60_000
    expect((await update(s, token, id, ['lina', 'wangfang'])).errcode).toBe(0)
    const defaults = await sandbox()
    // The default cap is WeCom's: 10,000 (SandboxOptions.rateLimitPerMinute).
    const t = String((await getToken(defaults)).access_token)
    const id2 = await way(defaults, t)
    const burst = await Promise.all(
      Array.from({ length: 50 }, (_, i) => update(defaults, t, id2, i % 2 ? ['lina'] : ['wangfang'])),
    )
    expect(burst.every((a: Json) => a.errcode === 0)).toBe(true)
  })

  it('answers 45033 past the in-flight switch for update_contact_way and applies none of those', async () => {
    const s = await sandbox({ maxConcurrentPerApi: 2, latencyMs: 80 })
    const token = String((await getToken(s)).access_token)
    const id = await way(s, token)
    const answers = await Promise.all(Array.from({ length: 5 }, () => update(s, token, id, ['lina'])))
    const codes = answers.map((a) => a.errcode)
    expect(codes.filter((c) => c === 0)).toHaveLength(2)
    expect(codes.filter((c) => c === 45033)).toHaveLength(3)
    expect(s.control.wayUpdates).toHaveLength(2)
  })

  it('refuses a list naming a member who left (60111) or one without customer contact (84074)', async () => {
    const s = await sandbox()
    const token = String((await getToken(s)).access_token)
    const id = await way(s, token)
    s.control.memberLeaves('lina')
    expect((await update(s, token, id, ['lina', 'wangfang'])).errcode).toBe(60111)
    s.control.setMemberCanFollow('wangfang', false)
    expect((await update(s, token, id, ['wangfang'])).errcode).toBe(84074)
    s.control.setMemberCanFollow('wangfang', true)
    expect((await update(s, token, id, ['wangfang'])).errcode).toBe(0)
    expect(s.control.contactWay(id)?.user).toEqual(['wangfang'])
  })
})
