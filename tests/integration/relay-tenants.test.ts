// One corp must never hurt another: a time zone the relay cannot use is refused at the door, a bad
// one already in the store stops only that corp's schedule (logged, and shown in its health), and
// each corp's cursors count only its own events and actions.

import { afterEach, describe, expect, it } from 'vitest'
import { RelayStore } from '../../relay/store'
import { sealCallback } from '../../wecom/callback-crypto'
import { eventXml } from '../../wecom/callback-xml'
import { CALLBACK_PATH_PREFIX, relayHealthSchema } from '../../common/relay-api'
import { problemsItem } from '../../main/workspace/check'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'
import { sqliteOnly } from './relay-test-store'

// Skipped on PostgreSQL (RELAY_TEST_STORE=postgres): these read, edit or hook the SQLite file.
sqliteOnly([
  'a bad zone already stored stops only that corp’s schedule, shown in its health; the relay and other corps go on',
])

let world: RelayWorld | null = null
afterEach(async () => {
  await world?.stop()
  world = null
})

/** Monday 2026-11-30 08:00 in Asia/Shanghai, an hour before weekdays9to18 opens. */
const MONDAY_8AM = Date.UTC(2026, 10, 30, 0, 0, 0)
const weekdays9to18 = { mode: 'scheduled' as const, windows: [{ weekday: 1, start: '09:00', end: '18:00' }] }
const OTHER_KEY = 'other-corp-key-0123456789'
const OTHER = { corpId: 'wwothercorp', token: 'othertoken' }

describe('time zones', () => {
  it('refuses a zone the relay cannot use with 400 and a reason', async () => {
    world = await relayWorld()
    for (const timeZone of ['Mars/Olympus', 'UTC+8', 'Asia/Shanghai ']) {
      const res = await world.api('PUT', '/settings', {
        timeZone,
        defaultWelcome: { text: '', attachment: null },
      })
      expect({ timeZone, status: res.status }).toEqual({ timeZone, status: 400 })
      expect(String(res.body.message)).toMatch(/时区/)
    }
    const ok = await world.api('PUT', '/settings', {
      timeZone: 'Asia/Tokyo',
      defaultWelcome: { text: '', attachment: null },
    })
    expect(ok.status).toBe(200)
  })

  it('a bad zone already stored stops only that corp’s schedule, shown in its health; the relay and other corps go on', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-badzone-'))
    // As a relay before zones were checked could have left it: corp B has a zone no engine knows.
    const before = new RelayStore(dataDir)
    before.putSettings(OTHER.corpId, {
      timeZone: 'Mars/Olympus',
      defaultWelcome: { text: '', attachment: null },
    })
    before.putPolicy(
      OTHER.corpId,
      {
        state: 'bzone1',
        configId: 'cfg-b',
        name: 'B',
        memberUserids: ['x'],
        welcome: { mode: 'none', text: '', attachment: null },
        tagIds: [],
        autoAccept: weekdays9to18,
      },
      Date.now(),
      false,
    )
    await before.close()
    let clock = MONDAY_8AM
    world = await relayWorld({ relay: { dataDir, schedulerTickMs: 25, now: () => clock } })
    const w = world
    // Corp A's scheduled code still flips when its window opens.
    const policy = await wayWithPolicy(w, { memberUserids: ['lina'], autoAccept: weekdays9to18 })
    clock += 2 * 3_600_000
    await waitFor(() => w.sandbox.control.contactWay(policy.configId)?.skip_verify === true || null)
    expect((await fetch(`${w.relay.url}/healthz`)).status).toBe(200)
    const b = await w.api('GET', '/health', undefined, OTHER_KEY)
    expect(b.body.problems).toEqual([expect.stringMatching(/^自动通过时间表: .*Mars\/Olympus/)])
    const a = await w.api('GET', '/health')
    expect(a.body.problems).toEqual([])
    // 检查连接 shows it to that corp's manager.
    expect(problemsItem(relayHealthSchema.parse(b.body))).toMatchObject({ ok: false, key: 'relayProblems' })
    expect(problemsItem(relayHealthSchema.parse(a.body))).toMatchObject({ ok: true })
  })
})

describe('cursors', () => {
  it('number each corp’s events and actions on their own: no gap shows another corp’s traffic', async () => {
    world = await relayWorld()
    const w = world
    const other = { ...OTHER, encodingAesKey: w.sandbox.encodingAesKey }
    const postOther = async (externalUserid: string) => {
      const message = eventXml(OTHER.corpId, {
        changeType: 'del_follow_user',
        userid: 'b1',
        externalUserid,
        createTime: 1_800_000_000,
      })
      const { query, body } = sealCallback(other, message)
      const url = `${w.relay.url}${CALLBACK_PATH_PREFIX}${OTHER.corpId}?${query}`
      return (await fetch(url, { method: 'POST', body })).status
    }
    const policy = await wayWithPolicy(w, { memberUserids: ['lina'] })
    for (let i = 0; i < 3; i++) {
      expect(await postOther(`wmB${i}`)).toBe(200)
      await w.sandbox.control.scan({ state: policy.state })
      expect(await postOther(`wmB${i}x`)).toBe(200)
    }
    await waitFor(
      async () => ((await w.api('GET', '/actions?after=0')).body.actions as unknown[]).length === 6,
    )
    const events = (await w.api('GET', '/events?after=0')).body.events as { seq: number }[]
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3])
    const actions = (await w.api('GET', '/actions?after=0')).body.actions as {
      id: number
      eventSeq: number
    }[]
    expect(actions.map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 6])
    expect(new Set(actions.map((a) => a.eventSeq))).toEqual(new Set([1, 2, 3]))
    const theirs = (await w.api('GET', '/events?after=0', undefined, OTHER_KEY)).body.events as {
      seq: number
    }[]
    expect(theirs.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6])
  })
})
