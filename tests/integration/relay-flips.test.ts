// No edit is ever reverted. The relay's auto-accept flips change skip_verify and nothing else (they
// read the way from WeCom), an older policy push never replaces a newer one, and a flip WeCom
// refuses is recorded, retried after a pause and counted as written only once it went through.

import { afterEach, describe, expect, it } from 'vitest'
import type { CodePolicy } from '../../common/relay-api'
import { FLIP_RETRY_MS } from '../../relay/scheduler'
import { createWeComClient } from '../../wecom'
import { policyOf } from '../../main/codes/policy'
import { relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'
import { codeInput, startWorld } from './services-harness'

let world: RelayWorld | null = null
afterEach(async () => {
  await world?.stop()
  world = null
})

/** Monday 2026-11-30 08:00 in Asia/Shanghai: an hour before the window below opens. */
const MONDAY_8AM = Date.UTC(2026, 10, 30, 0, 0, 0)
const HOUR = 3_600_000
const weekdays9to18 = {
  mode: 'scheduled' as const,
  windows: [{ weekday: 1, start: '09:00', end: '18:00' }],
}

/** A relay whose clock the test moves, ticking its scheduler often. */
async function clockedWorld() {
  let clock = MONDAY_8AM
  const w = await relayWorld({ relay: { now: () => clock, schedulerTickMs: 25 } })
  await w.api('PUT', '/settings', {
    timeZone: 'Asia/Shanghai',
    defaultWelcome: { text: '', attachment: null },
  })
  const wecom = createWeComClient({
    apiBase: w.sandbox.apiBase,
    corpId: w.sandbox.corpId,
    secret: w.sandbox.secret,
  })
  return { w, wecom, setClock: (at: number) => (clock = at) }
}

interface Action {
  kind: string
  status: string
  state: string
  errcode: number | null
}
const flips = async (w: RelayWorld, state: string) =>
  ((await w.api('GET', '/actions?after=0')).body.actions as Action[]).filter(
    (a) => a.kind === 'skip_verify' && a.state === state,
  )

describe('auto-accept flips', () => {
  it('never revert an edit the relay’s policy does not know (a push that failed)', async () => {
    const { w, wecom, setClock } = await clockedWorld()
    world = w
    const policy = await wayWithPolicy(w, { memberUserids: ['lina'], autoAccept: weekdays9to18, version: 1 })
    // The desktop edits the way in WeCom; its push to the relay fails, so the relay still has v1.
    await wecom.updateContactWay({
      config_id: policy.configId,
      remark: '改过的名字',
      skip_verify: false,
      state: policy.state,
      user: ['lina', 'wangfang'],
      party: [],
    })
    setClock(MONDAY_8AM + 1.5 * HOUR)
    await waitFor(async () => (await flips(w, policy.state)).some((a) => a.status === 'done'))
    expect(await wecom.getContactWay(policy.configId)).toMatchObject({
      skip_verify: true,
      remark: '改过的名字',
      user: ['lina', 'wangfang'],
      state: policy.state,
    })
  })

  it('a refused flip is recorded, tried again after a pause, and only then counted as written', async () => {
    const { w, wecom, setClock } = await clockedWorld()
    world = w
    const policy = await wayWithPolicy(w, { memberUserids: ['lina'], autoAccept: weekdays9to18, version: 1 })
    w.sandbox.control.injectFault({ path: '/cgi-bin/externalcontact/update_contact_way', errcode: 60111 })
    const at = MONDAY_8AM + 1.5 * HOUR
    setClock(at)
    await waitFor(async () => (await flips(w, policy.state)).some((a) => a.status === 'failed'))
    expect((await flips(w, policy.state)).map((a) => [a.status, a.errcode])).toEqual([['failed', 60111]])
    expect((await wecom.getContactWay(policy.configId)).skip_verify).toBe(false)
    // Within the pause nothing more is tried: a settings push runs the scheduler at once, and it
    // queues no flip.
    setClock(at + FLIP_RETRY_MS - 1000)
    const reads = w.sandbox.control.calls['/cgi-bin/externalcontact/get_contact_way'] ?? 0
    await w.api('PUT', '/settings', {
      timeZone: 'Asia/Shanghai',
      defaultWelcome: { text: '', attachment: null },
    })
    expect(await flips(w, policy.state)).toHaveLength(1)
    expect(w.sandbox.control.calls['/cgi-bin/externalcontact/get_contact_way'] ?? 0).toBe(reads)
    // After it, the flip is tried again and goes through.
    setClock(at + FLIP_RETRY_MS + 1000)
    await waitFor(async () => (await flips(w, policy.state)).some((a) => a.status === 'done'))
    expect((await wecom.getContactWay(policy.configId)).skip_verify).toBe(true)
  })
})

describe('policy versions', () => {
  it('an older push landing after a newer one is acknowledged and dropped', async () => {
    const { w } = await clockedWorld()
    world = w
    const v2 = await wayWithPolicy(w, {
      memberUserids: ['lina'],
      version: 2,
      welcome: { mode: 'own', text: '新的欢迎语', attachment: null },
    })
    const v1: CodePolicy = {
      ...v2,
      version: 1,
      welcome: { mode: 'own', text: '旧的欢迎语', attachment: null },
    }
    expect((await w.api('PUT', `/policies/${v2.state}`, v1)).status).toBe(200)
    const scan = await w.sandbox.control.scan({ state: v2.state })
    const sent = await waitFor(() =>
      w.sandbox.control.sentWelcomes.find((s) => s.externalUserid === scan.externalUserid),
    )
    expect(sent.text).toBe('新的欢迎语')
    // A policy from a desktop of release 0.1.0 (no version) still lands on a code it never versioned.
    const legacy = await wayWithPolicy(w, { memberUserids: ['lina'] })
    const { version: _version, ...unversioned } = legacy
    expect((await w.api('PUT', `/policies/${legacy.state}`, unversioned)).status).toBe(200)
  })
})

describe('a flip that keeps failing, as the manager sees it', () => {
  it('shows 自动通过切换失败 on the code after a sync, and clears once a flip goes through', async () => {
    let clock = MONDAY_8AM
    const w = await startWorld({ relay: { now: () => clock, schedulerTickMs: 25 } })
    try {
      expect((await w.sync.run()).lastError).toBeNull()
      const code = await w.codes.create(
        codeInput({ name: '定时码', memberUserids: ['lina'], autoAccept: weekdays9to18 }),
        '王经理',
      )
      w.sandbox.control.injectFault({ path: '/cgi-bin/externalcontact/update_contact_way', errcode: 60111 })
      const state = code.state
      const relayFlips = async () =>
        (await w.relayClient().actions({ after: 0, limit: 100 })).actions.filter(
          (a) => a.kind === 'skip_verify' && a.state === state,
        )
      // The relay's clock first agrees with what the desktop wrote at its own time (the push records
      // that), then moves past an edge of the window, so a flip must write the other value.
      const skipNow = (await w.wecom.getContactWay(code.configId)).skip_verify
      clock = skipNow ? MONDAY_8AM + 1.5 * HOUR : MONDAY_8AM
      await w.relayClient().putPolicy({ ...policyOf(w.codes.get(code.id)), version: Date.now() })
      clock = skipNow ? MONDAY_8AM + 12 * HOUR : MONDAY_8AM + 1.5 * HOUR
      await waitFor(async () => (await relayFlips()).some((a) => a.status === 'failed'))
      expect((await w.sync.run()).lastError).toBeNull()
      const listed = w.codes.list({ page: 1, pageSize: 10 }).items.find((c) => c.id === code.id)!
      expect(listed.autoAcceptIssue).toContain('成员已离职')

      clock += FLIP_RETRY_MS + 1000
      await waitFor(async () => (await relayFlips()).some((a) => a.status === 'done'))
      expect((await w.sync.run()).lastError).toBeNull()
      expect(w.codes.get(code.id).autoAcceptIssue).toBeNull()
    } finally {
      await w.close()
    }
  })
})
