// Issue 17 from the desktop: a code saved through the real core (createCore over a sandbox workspace
// with its simulator and relay) with a timed message, a placeholder and an auto remark is stored,
// returned, pushed to the relay, and the simulated customer who scans it receives the filled text
// and gets the filled remark. Also: the input is validated with the schemas' Chinese messages, and
// an edit without the rich fields keeps them while an empty one clears them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallName } from '../../common/contract'
import type { RichWelcome } from '../../common/rich-welcome'
import { dispatch } from '../../main/bridge/dispatch'
import { createWeComClient } from '../../wecom'
import { waitFor } from './relay-fixture'
import { demoCode, openSandboxCore, tempWorkspace, type SandboxCore } from './sandbox-core'

let c: SandboxCore
beforeAll(async () => {
  c = await openSandboxCore(tempWorkspace())
})
afterAll(async () => {
  await c?.close()
})

const call = (name: CallName, input: unknown) => dispatch(c.core.handlers, name, input)

/** Every day, all day: the scan's real time always falls in it. */
const allWeek = (text: string): RichWelcome['welcomeWindows'] => [
  { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', message: { text, attachments: [] } },
]

const rich: RichWelcome = {
  welcomeWindows: allWeek('你好{客户昵称}，我是{成员姓名}，欢迎来自{渠道名称}'),
  autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '扫码添加' },
}

async function memberName(userid: string) {
  const s = c.runtime().sandbox
  const client = createWeComClient({ apiBase: s.apiBase, corpId: s.corpId, secret: s.secret })
  return (await client.getUser(userid)).name
}

describe('rich welcome through the core', () => {
  it('stores, returns and pushes a timed message and an auto remark; the customer gets both filled', async () => {
    const created = await c.h.createCode({
      ...demoCode('春季活动'),
      welcome: { mode: 'own', text: '平时的欢迎语', attachment: null },
      rich,
    })
    expect(created.rich).toEqual(rich)
    expect((await c.h.getCode({ id: created.id })).rich).toEqual(rich)
    await waitFor(async () => (await c.h.getCode({ id: created.id })).relayState === 'synced')

    const control = c.runtime().sandbox.control
    const scan = await control.scan({ state: created.state }, { customerName: '张小明' })
    const sent = await waitFor(
      () => control.sentWelcomes.find((s) => s.externalUserid === scan.externalUserid),
      15_000,
    )
    expect(sent.text).toBe(`你好张小明，我是${await memberName('zhangwei')}，欢迎来自春季活动`)
    // The relay writes the remark once WeCom's 20 s for the welcome have passed.
    const remark = await waitFor(
      () => control.remarks.find((r) => r.externalUserid === scan.externalUserid),
      40_000,
    )
    expect(remark).toMatchObject({ remark: '张小明-春季活动', description: '扫码添加' })
  }, 60_000)

  it('keeps the rich welcome on an edit without it, clears it with an empty one', async () => {
    const made = await c.h.createCode({ ...demoCode('地铁海报'), rich })
    const input = {
      ...demoCode('地铁海报'),
      welcome: { mode: 'own' as const, text: '新的', attachment: null },
    }
    const kept = await c.h.updateCode({ id: made.id, code: input })
    expect(kept.rich).toEqual(rich)
    const cleared = await c.h.updateCode({
      id: made.id,
      code: { ...input, rich: { welcomeWindows: [], autoRemark: null } },
    })
    expect(cleared.rich).toBeUndefined()
    expect((await c.h.getCode({ id: made.id })).rich).toBeUndefined()
  })

  it('refuses a broken rich welcome with the Chinese message of the schema', async () => {
    const result = await call('createCode', {
      ...demoCode('坏时段'),
      rich: {
        welcomeWindows: [
          { weekdays: [], start: '09:00', end: '12:00', message: { text: '早上好', attachments: [] } },
        ],
      },
    })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toContain('请至少选择一天')
  })
})
