// Relay store step 8 (issue 17): jobs.detail. A folder at step 5 (the last step before it on this
// branch) opens at step 8 with its jobs kept; their detail is null and the desktop API reports it so.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { schemaVersion } from '../../common/sqlite-migrations'
import { RelayStore } from '../../relay/store'

describe('relay store step 8', () => {
  it('adds jobs.detail and keeps the jobs written before it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-step8-'))
    const v5 = new RelayStore(dir, 5)
    v5.putPolicy(
      'wwstepcorp',
      {
        state: 's8',
        configId: 'c8',
        name: '步骤八',
        welcome: { mode: 'own', text: '你好', attachment: null },
        tagIds: [],
        autoAccept: { mode: 'on', windows: [] },
        memberUserids: ['u1'],
      },
      1,
      true,
    )
    v5.ingest(
      [
        {
          corpId: 'wwstepcorp',
          event: 'change_external_contact',
          changeType: 'add_external_contact',
          userid: 'u1',
          externalUserid: 'wm1',
          state: 's8',
          welcomeCode: 'CODE1',
          createTime: 1_800_000_000,
          source: '',
          receivedAt: 1_800_000_000_000,
        },
      ],
      20_000,
    )
    await v5.close()

    const v8 = new RelayStore(dir, 8)
    expect(schemaVersion(v8.db)).toBe(8)
    const before = v8.actions('wwstepcorp', 0, 10)
    expect(before.map((a) => [a.kind, a.detail])).toEqual([
      ['welcome', null],
      ['tags', null],
    ])
    const job = v8.db.prepare("SELECT id FROM jobs WHERE kind = 'welcome'").pluck().get() as number
    v8.setDetail(job, '分时段欢迎语（周一 09:00–12:00）')
    expect(v8.actions('wwstepcorp', 0, 10)[0]!.detail).toBe('分时段欢迎语（周一 09:00–12:00）')
    await v8.close()
  })
})
