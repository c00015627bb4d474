// Relay store step 10: an add finds the earlier add of its pair through events_dedupe and that add's
// jobs through jobs_of_event; jobs_recent is gone. A half add stored at step 9 and its full add
// arriving after the upgrade still share one tags job, and a new pair gets its own.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { schemaVersion } from '../../common/sqlite-migrations'
import { RelayStore } from '../../relay/store'

const CORP = 'wwstep10corp'
const T0 = 1_800_000_000_000

function add(changeType: string, externalUserid: string, receivedAt: number) {
  return {
    corpId: CORP,
    event: 'change_external_contact',
    changeType,
    userid: 'u1',
    externalUserid,
    state: 's10',
    welcomeCode: '',
    createTime: Math.floor(receivedAt / 1000),
    source: '',
    receivedAt,
  }
}

describe('relay store step 10', () => {
  it('opens a step-9 folder at step 10, and a full add after the upgrade shares its half add’s tagging', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-step10-'))
    const v9 = new RelayStore(dir, 9)
    v9.putPolicy(
      CORP,
      {
        state: 's10',
        configId: 'c10',
        name: '步骤十',
        welcome: { mode: 'own', text: '你好', attachment: null },
        tagIds: ['et1'],
        autoAccept: { mode: 'on', windows: [] },
        memberUserids: ['u1'],
      },
      1,
      true,
    )
    v9.ingest([add('add_half_external_contact', 'wm1', T0)], 20_000)
    await v9.close()

    const store = new RelayStore(dir)
    expect(schemaVersion(store.db)).toBe(10)
    const indexes = (
      store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs'`).all() as {
        name: string
      }[]
    ).map((r) => r.name)
    expect(indexes).toContain('jobs_of_event')
    expect(indexes).not.toContain('jobs_recent')

    expect(store.ingest([add('add_external_contact', 'wm1', T0 + 1_000)], 20_000)).toEqual([true])
    expect(store.ingest([add('add_external_contact', 'wm2', T0 + 2_000)], 20_000)).toEqual([true])
    const tags = store.db
      .prepare(`SELECT external_userid, run_at FROM jobs WHERE kind = 'tags' ORDER BY id`)
      .all() as { external_userid: string; run_at: number }[]
    // One tagging per pair; the full add woke the half add's job to its own arrival.
    expect(tags).toEqual([
      { external_userid: 'wm1', run_at: T0 + 1_000 },
      { external_userid: 'wm2', run_at: T0 + 2_000 },
    ])
    await store.close()
  })
})
