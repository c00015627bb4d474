// WeCom's welcome codes as they really behave: a current friend scanning again gets no add event (so
// no second welcome and no second count), and when another app of the corp sent its welcome first
// ours is refused with 41051 — recorded, never retried, and explained in the customer list.

import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from './relay-fixture'
import { codeInput, startWorld, type World } from './services-harness'

let world: World | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

async function codeOnLina() {
  world = await startWorld()
  const w = world
  expect((await w.sync.run()).lastError).toBeNull()
  const code = await w.codes.create(codeInput({ name: '欢迎码', memberUserids: ['lina'] }), '王经理')
  return { w, code }
}

describe('welcome codes', () => {
  it('a current friend scanning again is no add: one welcome, one count', async () => {
    const { w, code } = await codeOnLina()
    const first = await w.sandbox.control.scan({ state: code.state }, { customerName: '老朋友' })
    await waitFor(() => w.sandbox.control.sentWelcomes.find((s) => s.externalUserid === first.externalUserid))
    const again = await w.sandbox.control.scan(
      { state: code.state },
      { externalUserid: first.externalUserid },
    )
    expect(again).toMatchObject({ alreadyFriend: true, welcomeCode: null })
    expect((await w.sync.run()).lastError).toBeNull()
    expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 1, lost: 0, current: 1 })
    expect(
      w.sandbox.control.sentWelcomes.filter((s) => s.externalUserid === first.externalUserid),
    ).toHaveLength(1)
  })

  it('41051 (another app welcomed first) is final and shown with its reason', async () => {
    const { w, code } = await codeOnLina()
    w.sandbox.control.setMemberOtherAppWelcome('lina', true)
    const scan = await w.sandbox.control.scan({ state: code.state }, { customerName: '别家欢迎过' })
    const job = await waitFor(async () =>
      (await w.relayClient().actions({ after: 0, limit: 100 })).actions.find(
        (a) => a.kind === 'welcome' && a.status !== 'pending',
      ),
    )
    expect(job).toMatchObject({ status: 'failed', errcode: 41051, attempts: 1 })
    expect((await w.sync.run()).lastError).toBeNull()
    const listed = w.db.relations.listCustomers(code.id, 'all', 1, 10).items
    expect(listed.find((c) => c.externalUserid === scan.externalUserid)).toMatchObject({
      welcome: 'failed',
      welcomeNote: expect.stringContaining('其他应用已发送欢迎语'),
    })
  })
})
