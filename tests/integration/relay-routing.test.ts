// Smart routing against the real relay and the simulator: a code's WeCom `user` list follows its
// eligible set (schedules in the workspace's zone, caps shared across codes, departures, backups),
// changes only when that set changes, and is never left empty.

import { afterEach, describe, expect, it } from 'vitest'
import type { CodePolicy } from '../../common/relay-api'
import type { MemberRoutingInput, RoutingReport } from '../../common/routing'
import { relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'
import { sqliteOnly } from './relay-test-store'

// Skipped on PostgreSQL (RELAY_TEST_STORE=postgres): these read, edit or hook the SQLite file.
sqliteOnly(['the relay’s re-points never change the desktop’s policy version, and an older push never wins'])

let world: RelayWorld | null = null
afterEach(async () => {
  await world?.stop()
  world = null
})

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** Monday 2026-11-30 08:59 in Asia/Shanghai (UTC+8, no DST). */
const MONDAY_0859_SH = Date.UTC(2026, 10, 30, 0, 59)

async function routedWorld(start: number, timeZone = 'Asia/Shanghai', relay: Record<string, unknown> = {}) {
  let clock = start
  const w = await relayWorld({
    relay: {
      now: () => clock,
      // Not a multiple of waitFor's 20 ms: a tick in step with the polls would have every idle check
      // land inside a pass on a store whose pass takes a few ms (PostgreSQL), and never see it idle.
      routingTickMs: 45,
      routingRotationMinMs: 0,
      routingMemberCheckMs: 0,
      ...relay,
    },
  })
  world = w
  const res = await w.api('PUT', '/settings', { timeZone, defaultWelcome: { text: '', attachment: null } })
  expect(res.status).toBe(200)
  return { w, setClock: (at: number) => (clock = at), now: () => clock }
}

async function profiles(w: RelayWorld, members: MemberRoutingInput[]) {
  const res = await w.api('PUT', '/routing/members', { members })
  expect(res.status).toBe(200)
}

function routedPolicy(
  w: RelayWorld,
  mains: { userid: string; weight?: number }[],
  extra: { backups?: string[]; codeDailyCap?: number | null; version?: number } = {},
): Promise<CodePolicy> {
  return wayWithPolicy(w, {
    memberUserids: mains.map((m) => m.userid),
    version: extra.version ?? 1,
    routing: {
      members: mains.map((m) => ({ userid: m.userid, weight: m.weight ?? 1 })),
      backups: extra.backups ?? [],
      codeDailyCap: extra.codeDailyCap ?? null,
    },
  })
}

const usersOf = (w: RelayWorld, p: CodePolicy) => w.sandbox.control.contactWay(p.configId)?.user ?? []
const updatesOf = (w: RelayWorld, p: CodePolicy) =>
  w.sandbox.control.wayUpdates.filter((u) => u.configId === p.configId)
const settled = (w: RelayWorld) => waitFor(() => w.relay.routingIdle(), 15_000)
/**
 * Waits until the code's list in WeCom is `users` (in any order), and then for the router's pass to
 * end: it writes its log after WeCom's call returns, so a log read at once could miss the entry.
 */
const listBecomes = async (w: RelayWorld, p: CodePolicy, users: string[]) => {
  await waitFor(() => {
    const now = usersOf(w, p)
    return now.length === users.length && users.every((u) => now.includes(u))
  }, 15_000)
  await settled(w)
}
async function report(w: RelayWorld): Promise<RoutingReport> {
  return (await w.api('GET', '/routing?after=0')).body as unknown as RoutingReport
}

describe('smart routing', () => {
  it('a member who reaches the shared cap mid-burst leaves every code with one update per code', async () => {
    const { w } = await routedWorld(MONDAY_0859_SH + HOUR)
    await profiles(w, [{ userid: 'lina', dailyCap: 4 }])
    const codes = [
      await routedPolicy(w, [{ userid: 'lina' }, { userid: 'wangfang' }]),
      await routedPolicy(w, [{ userid: 'lina' }, { userid: 'zhangwei' }]),
      await routedPolicy(w, [{ userid: 'lina' }, { userid: 'liuyang' }]),
    ]
    await settled(w)
    for (const c of codes) expect(updatesOf(w, c)).toHaveLength(0)
    // A burst over the three codes without waiting for the relay between scans.
    const scans = []
    for (let i = 0; i < 24; i++) scans.push(await w.sandbox.control.scan({ state: codes[i % 3]!.state }))
    await settled(w)
    for (const c of codes) {
      expect(usersOf(w, c)).not.toContain('lina')
      expect(updatesOf(w, c)).toHaveLength(1)
    }
    const r = await report(w)
    expect(r.members.find((m) => m.userid === 'lina')).toMatchObject({ dailyCap: 4 })
    expect(r.members.find((m) => m.userid === 'lina')!.addsToday).toBeGreaterThanOrEqual(4)
    expect(r.log.filter((e) => e.reason === 'cap')).toHaveLength(3)
    expect(r.log[0]!.detail).toContain('lina 移出（今日已达上限）')
    // Counting is untouched: every scan was an add for whoever WeCom gave it to.
    expect(scans.filter((s) => !s.pending)).toHaveLength(24)
  })

  it('follows schedule edges in Asia/Shanghai and records them', async () => {
    const { w, setClock } = await routedWorld(MONDAY_0859_SH)
    await profiles(w, [{ userid: 'lina', windows: [{ weekday: 1, start: '09:00', end: '18:00' }] }])
    const code = await routedPolicy(w, [{ userid: 'lina' }, { userid: 'wangfang' }])
    await listBecomes(w, code, ['wangfang'])
    setClock(MONDAY_0859_SH + MINUTE) // 09:00
    await listBecomes(w, code, ['lina', 'wangfang'])
    setClock(MONDAY_0859_SH + 9 * HOUR + MINUTE - 1) // 17:59:59.999
    await settled(w)
    await new Promise((r) => setImmediate(r))
    expect(usersOf(w, code)).toContain('lina')
    setClock(MONDAY_0859_SH + 9 * HOUR + MINUTE) // 18:00
    await listBecomes(w, code, ['wangfang'])
    const log = (await report(w)).log
    expect(log.map((e) => e.reason)).toEqual(['policy', 'schedule', 'schedule'])
    expect(updatesOf(w, code)).toHaveLength(3)
  })

  it('a night shift across midnight in a DST zone, with the daily cap reset at local midnight', async () => {
    // New York, Saturday 2026-03-07 23:30 EST (UTC−5); clocks jump 02:00 → 03:00 on Sunday.
    const sat2330 = Date.UTC(2026, 2, 8, 4, 30)
    const { w, setClock } = await routedWorld(sat2330, 'America/New_York')
    await profiles(w, [
      {
        userid: 'lina',
        dailyCap: 1,
        windows: [
          { weekday: 6, start: '22:00', end: '24:00' },
          { weekday: 7, start: '00:00', end: '03:00' },
        ],
      },
    ])
    const code = await routedPolicy(w, [{ userid: 'lina' }, { userid: 'wangfang' }])
    await settled(w)
    expect(usersOf(w, code).sort()).toEqual(['lina', 'wangfang'])
    await w.sandbox.control.scan({ state: code.state }, { userid: 'lina' })
    await listBecomes(w, code, ['wangfang']) // at her cap for Saturday
    setClock(Date.UTC(2026, 2, 8, 5, 0)) // 00:00 EST Sunday: a new day, inside the shift
    await listBecomes(w, code, ['lina', 'wangfang'])
    setClock(Date.UTC(2026, 2, 8, 6, 59)) // 01:59 EST
    await settled(w)
    expect(usersOf(w, code)).toContain('lina')
    // 07:00 UTC is 03:00 EDT: the shift ends after two real hours, not three.
    setClock(Date.UTC(2026, 2, 8, 7, 0))
    await listBecomes(w, code, ['wangfang'])
    expect((await report(w)).log.map((e) => e.reason)).toEqual(['cap', 'schedule', 'schedule'])
  })

  it('a holiday exception takes a member off for the day; an exception with hours uses those', async () => {
    // Tuesday 2026-12-01 10:30 Shanghai: inside her weekly hours, but a holiday.
    const tue1030 = Date.UTC(2026, 11, 1, 2, 30)
    const { w, setClock } = await routedWorld(tue1030)
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' }))
    await profiles(w, [
      {
        userid: 'lina',
        windows: weekdays,
        exceptions: [
          { date: '2026-12-01', windows: [], note: '调休' },
          { date: '2026-12-02', windows: [{ start: '14:00', end: '16:00' }] },
        ],
      },
    ])
    const code = await routedPolicy(w, [{ userid: 'lina' }, { userid: 'wangfang' }])
    await listBecomes(w, code, ['wangfang'])
    setClock(tue1030 + 24 * HOUR) // Wednesday 10:30: the exception's hours, not the week's
    await settled(w)
    expect(usersOf(w, code)).toEqual(['wangfang'])
    setClock(tue1030 + 24 * HOUR + 4 * HOUR) // Wednesday 14:30
    await listBecomes(w, code, ['lina', 'wangfang'])
  })

  it('backups take over while no main member may take adds and hand back when one may', async () => {
    const { w, setClock } = await routedWorld(MONDAY_0859_SH)
    await profiles(w, [{ userid: 'lina', windows: [{ weekday: 1, start: '09:00', end: '18:00' }] }])
    const code = await routedPolicy(w, [{ userid: 'lina' }], { backups: ['wangfang'] })
    await listBecomes(w, code, ['wangfang'])
    setClock(MONDAY_0859_SH + MINUTE)
    await listBecomes(w, code, ['lina'])
    const log = (await report(w)).log
    expect(log.at(-1)).toMatchObject({ reason: 'backup', before: ['wangfang'], after: ['lina'] })
  })

  it('a code nobody may take keeps its last members, says why and is flagged', async () => {
    const { w } = await routedWorld(MONDAY_0859_SH + HOUR)
    await profiles(w, [{ userid: 'lina', dailyCap: 1 }])
    const code = await routedPolicy(w, [{ userid: 'lina' }])
    await settled(w)
    await w.sandbox.control.scan({ state: code.state })
    await waitFor(async () => (await report(w)).codes[0]?.alert)
    await settled(w)
    expect(usersOf(w, code)).toEqual(['lina'])
    expect(updatesOf(w, code)).toHaveLength(0)
    const r = await report(w)
    expect(r.codes[0]!.alert).toContain('没有可接待的成员，暂时保留 lina')
    expect(r.log.at(-1)).toMatchObject({ reason: 'fallback', after: ['lina'] })
  })

  it('rotates members by weight over the day, re-pointing only every few adds', async () => {
    const { w } = await routedWorld(MONDAY_0859_SH + HOUR)
    const code = await routedPolicy(w, [
      { userid: 'lina', weight: 3 },
      { userid: 'wangfang', weight: 1 },
    ])
    await settled(w)
    const got: Record<string, number> = {}
    for (let i = 0; i < 48; i++) {
      const s = await w.sandbox.control.scan({ state: code.state })
      got[s.userid] = (got[s.userid] ?? 0) + 1
      await settled(w)
    }
    expect(Math.abs(got.lina! - 36)).toBeLessThanOrEqual(3)
    expect(updatesOf(w, code).length).toBeLessThan(48 / 4)
    const view = (await report(w)).codes[0]!
    expect(view.members.find((m) => m.userid === 'lina')).toMatchObject({ adds: got.lina, targetShare: 0.75 })
  }, 60_000)
})

describe('departures', () => {
  const leaveOf = (kind: string) => kind
  for (const via of ['change_contact', 'sync', '60111', '84074'] as const) {
    it(`a member who leaves (seen by ${leaveOf(via)}) is taken off every code at once, backups take over`, async () => {
      const { w } = await routedWorld(MONDAY_0859_SH + HOUR, 'Asia/Shanghai', {
        routingMemberCheckMs: via === 'sync' ? 30 : 0,
      })
      await profiles(w, [{ userid: 'zhangwei', dailyCap: 1 }])
      const a = await routedPolicy(w, [{ userid: 'lina' }], { backups: ['wangfang'] })
      const b = await routedPolicy(w, [{ userid: 'lina' }, { userid: 'zhangwei' }], { backups: ['liuyang'] })
      await settled(w)
      const c = w.sandbox.control
      if (via === '84074') c.setMemberCanFollow('lina', false)
      else c.memberLeaves('lina')
      if (via === 'change_contact') {
        await c.sendMessage({
          MsgType: 'event',
          Event: 'change_contact',
          ChangeType: 'delete_user',
          UserID: 'lina',
          CreateTime: Math.floor(Date.now() / 1000),
        })
      }
      if (via === '60111' || via === '84074') {
        // zhangwei reaches his cap: code b is re-pointed to [lina], which WeCom refuses.
        await c.scan({ state: b.state }, { userid: 'zhangwei' })
      }
      await listBecomes(w, a, ['wangfang'])
      await listBecomes(w, b, via === 'change_contact' || via === 'sync' ? ['zhangwei'] : ['liuyang'])
      const r = await report(w)
      expect(r.members.find((m) => m.userid === 'lina')?.departed).toBe(true)
      expect(r.log.filter((e) => e.reason === 'departure').map((e) => e.state)).toContain(a.state)
    })
  }

  it('a member who comes back is not re-added until the manager reinstates them', async () => {
    const { w } = await routedWorld(MONDAY_0859_SH + HOUR)
    const a = await routedPolicy(w, [{ userid: 'lina' }, { userid: 'wangfang' }])
    await settled(w)
    const c = w.sandbox.control
    await c.sendMessage({
      MsgType: 'event',
      Event: 'change_contact',
      ChangeType: 'delete_user',
      UserID: 'lina',
    })
    await listBecomes(w, a, ['wangfang'])
    // lina was never really gone from WeCom (or is back): the relay still keeps her off.
    await w.api('PUT', '/routing/members', { members: [] })
    await settled(w)
    expect(usersOf(w, a)).toEqual(['wangfang'])
    expect((await w.api('DELETE', '/routing/departures/lina')).status).toBe(200)
    await listBecomes(w, a, ['lina', 'wangfang'])
  })
})

describe('policy versions', () => {
  it('the relay’s re-points never change the desktop’s policy version, and an older push never wins', async () => {
    const { w, setClock } = await routedWorld(MONDAY_0859_SH)
    await profiles(w, [{ userid: 'lina', windows: [{ weekday: 1, start: '09:00', end: '18:00' }] }])
    const code = await routedPolicy(w, [{ userid: 'lina' }, { userid: 'wangfang' }], { version: 5 })
    await listBecomes(w, code, ['wangfang'])
    setClock(MONDAY_0859_SH + MINUTE)
    await listBecomes(w, code, ['lina', 'wangfang'])
    const { default: Database } = await import('better-sqlite3')
    const versionNow = () => {
      const db = new Database(`${w.dataDir}/relay.sqlite`, { readonly: true })
      try {
        return (
          db.prepare('SELECT version FROM policies WHERE state = ?').get(code.state) as { version: number }
        ).version
      } finally {
        db.close()
      }
    }
    expect(versionNow()).toBe(5)
    // A retried older push (v4, other members) is dropped; the relay keeps routing by v5.
    const stale = {
      ...code,
      version: 4,
      memberUserids: ['zhangwei'],
      routing: { members: [{ userid: 'zhangwei', weight: 1 }], backups: [], codeDailyCap: null },
    }
    expect((await w.api('PUT', `/policies/${code.state}`, stale)).status).toBe(200)
    await settled(w)
    expect(usersOf(w, code).sort()).toEqual(['lina', 'wangfang'])
    expect(versionNow()).toBe(5)
    // The desktop's next edit (v6) stands, and routing works from it.
    const edit = {
      ...stale,
      version: 6,
      memberUserids: ['zhangwei', 'liuyang'],
      routing: {
        members: [
          { userid: 'zhangwei', weight: 1 },
          { userid: 'liuyang', weight: 1 },
        ],
        backups: [],
        codeDailyCap: null,
      },
    }
    expect((await w.api('PUT', `/policies/${code.state}`, edit)).status).toBe(200)
    await listBecomes(w, code, ['zhangwei', 'liuyang'])
    expect(versionNow()).toBe(6)
    const log = (await report(w)).log
    expect(log.at(-1)).toMatchObject({ reason: 'policy' })
  })
})
