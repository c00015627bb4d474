// The desktop's side of smart routing against the real services: a code's 分配规则 saved beside it
// (desktop step 12) go to the relay with its policy, the later edit time being the version, and the
// members' schedules pushed as one list make the relay re-point the code in WeCom.

import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { policyOf } from '../../main/codes/policy'
import { pushOne } from '../../main/codes/relay-push'
import { routingRepo } from '../../main/db/repos/routing'
import { migrate } from '../../main/db/migrations'
import { dayKey } from '../../relay/routing/eligibility'
import { waitFor } from './relay-fixture'
import { codeInput, startWorld } from './services-harness'

let close: (() => Promise<void>) | null = null
afterEach(async () => {
  await close?.()
  close = null
})

describe('smart routing from the desktop', () => {
  it('desktop step 12 adds the routing tables, which keep a code’s rules and the member list', () => {
    const db = new Database(':memory:')
    migrate(db)
    db.prepare(
      "INSERT INTO codes (id, name, state, config_id, created_at, updated_at) VALUES (1, 'x', 's', 'c', 1, 1)",
    ).run()
    const repo = routingRepo(db)
    repo.setCode(1, { members: [{ userid: 'lina', weight: 4 }], backups: ['wangfang'], codeDailyCap: 9 }, 5)
    expect(repo.code(1)).toEqual({
      routing: { members: [{ userid: 'lina', weight: 4 }], backups: ['wangfang'], codeDailyCap: 9 },
      updatedAt: 5,
    })
    repo.setMembers([{ userid: 'lina', dailyCap: 3, windows: [], exceptions: [] }], 6)
    expect(repo.members()).toEqual([{ userid: 'lina', dailyCap: 3, windows: [], exceptions: [] }])
    repo.setCode(1, null, 7)
    expect(repo.code(1)).toBeNull()
    db.close()
  })

  it('pushes the rules with the policy and the schedules as one list; the relay re-points the code', async () => {
    const w = await startWorld()
    close = () => w.close()
    expect((await w.sync.run()).lastError).toBeNull()
    const code = await w.codes.create(
      codeInput({ name: '分配码', memberUserids: ['lina', 'wangfang'] }),
      '王经理',
    )
    const repo = routingRepo(w.db.sqlite)
    const savedAt = code.updatedAt + 1000
    repo.setCode(
      code.id,
      {
        members: [
          { userid: 'lina', weight: 2 },
          { userid: 'wangfang', weight: 1 },
        ],
        backups: [],
        codeDailyCap: null,
      },
      savedAt,
    )
    const stored = w.db.codes.get(code.id)!
    await pushOne(stored, { codes: w.db.codes, relay: w.relayClient, routingOf: (id) => repo.code(id) })
    const relay = w.relayClient()!
    await waitFor(async () =>
      (await relay.routing({ after: 0, limit: 100 })).codes.some((c) => c.state === code.state),
    )
    // 李娜 is on leave today: off every routed code.
    await relay.putMemberRouting({
      members: [
        {
          userid: 'lina',
          dailyCap: null,
          windows: [],
          exceptions: [{ date: dayKey(Date.now(), 'Asia/Shanghai'), windows: [], note: '请假' }],
        },
      ],
    })
    await waitFor(() => {
      const user = w.sandbox.control.contactWay(code.configId)?.user
      return user?.length === 1 && user[0] === 'wangfang'
    })
    const report = await relay.routing({ after: 0, limit: 100 })
    expect(report.log.at(-1)).toMatchObject({ state: code.state, reason: 'schedule', after: ['wangfang'] })
    // An older push (the code's own edit time, without the rules) no longer replaces them.
    await relay.putPolicy(policyOf(stored))
    expect((await relay.routing({ after: 0, limit: 100 })).codes.some((c) => c.state === code.state)).toBe(
      true,
    )
  })
})
