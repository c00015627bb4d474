// Relay store step 9: welcomes are claimed before every other due job, through a partial index.
// Two adds, each with a welcome and a tags job: a claim of two takes both welcomes, although the
// first add's tags job is older than the second add's welcome.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { schemaVersion } from '../../common/sqlite-migrations'
import { RelayStore } from '../../relay/store'

const CORP = 'wwstep9corp'

function add(externalUserid: string, receivedAt: number) {
  return {
    corpId: CORP,
    event: 'change_external_contact',
    changeType: 'add_external_contact',
    userid: 'u1',
    externalUserid,
    state: 's9',
    welcomeCode: `CODE-${externalUserid}`,
    createTime: Math.floor(receivedAt / 1000),
    source: '',
    receivedAt,
  }
}

describe('relay store step 9', () => {
  it('opens a step-8 folder at step 9 and claims welcomes before older tags jobs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-step9-'))
    const v8 = new RelayStore(dir, 8)
    v8.putPolicy(
      CORP,
      {
        state: 's9',
        configId: 'c9',
        name: '步骤九',
        welcome: { mode: 'own', text: '你好', attachment: null },
        tagIds: ['et1'],
        autoAccept: { mode: 'on', windows: [] },
        memberUserids: ['u1'],
      },
      1,
      true,
    )
    v8.ingest([add('wm1', 1_800_000_000_000)], 20_000)
    await v8.close()

    const store = new RelayStore(dir, 9)
    expect(schemaVersion(store.db)).toBe(9)
    const index = store.db
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'jobs_due_welcome'`)
      .get() as { sql: string }
    expect(index.sql).toMatch(/WHERE status = 'pending' AND kind = 'welcome'/)
    store.ingest([add('wm2', 1_800_000_001_000)], 20_000)

    const claimed = await store.claim(1_800_000_005_000, 2, 30_000, 5)
    expect(claimed.map((j) => [j.kind, j.external_userid])).toEqual([
      ['welcome', 'wm1'],
      ['welcome', 'wm2'],
    ])
    const rest = await store.claim(1_800_000_005_000, 10, 30_000, 5)
    expect(rest.map((j) => j.kind).sort()).toEqual(['tags', 'tags'])
    await store.close()
  })

  it('keeps the welcome lane: a claim takes at most othersLimit jobs that are not welcomes', async () => {
    const store = new RelayStore(mkdtempSync(path.join(os.tmpdir(), 'relay-lane-')))
    store.putPolicy(
      CORP,
      {
        state: 's9',
        configId: 'c9',
        name: '通道',
        welcome: { mode: 'own', text: '你好', attachment: null },
        tagIds: ['et1'],
        autoAccept: { mode: 'on', windows: [] },
        memberUserids: ['u1'],
      },
      1,
      true,
    )
    store.ingest(
      [add('wa', 1_800_000_000_000), add('wb', 1_800_000_000_100), add('wc', 1_800_000_000_200)],
      20_000,
    )
    const first = await store.claim(1_800_000_005_000, 10, 30_000, 5, [], 1)
    expect(first.map((j) => j.kind)).toEqual(['welcome', 'welcome', 'welcome', 'tags'])
    // With no room left for others, nothing but welcomes is taken, however many slots are free.
    expect(await store.claim(1_800_000_005_000, 10, 30_000, 5, [], 0)).toEqual([])
    expect((await store.claim(1_800_000_005_000, 10, 30_000, 5)).map((j) => j.kind)).toEqual(['tags', 'tags'])
    await store.close()
  })
})
