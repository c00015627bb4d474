// A handover is not a loss. 在职继承 and 离职继承 move a customer to the takeover member after WeCom's
// window: the handover member gets del_external_contact with Source=DELETE_BY_TRANSFER, the takeover
// member gets the relation with no add event. The code's counts stay as they were, whether the relay's
// event or reconcile sees it first, and whether or not WeCom keeps the code's state on the takeover
// (undocumented: both readings). A failed transfer keeps the customer with the original member; a
// member who leaves without a transfer keeps their customers counted, shown as 已离职.

import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from './relay-fixture'
import { callSandbox } from './sandbox-calls'
import { codeInput, startWorld, type World } from './services-harness'

let world: World | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const A = 'zhangwei'
const B = 'wangfang'

/** A code on two members with three customers (A, B, A by round-robin), synced: 3 / 0 / 3. */
async function threeCustomers(keepStateOnTransfer: boolean) {
  world = await startWorld({ sandbox: { keepStateOnTransfer } })
  const w = world
  expect((await w.sync.run()).lastError).toBeNull()
  const code = await w.codes.create(codeInput({ name: '交接码', memberUserids: [A, B] }), '王经理')
  const scans = []
  for (const name of ['客户一', '客户二', '客户三']) {
    scans.push(await w.sandbox.control.scan({ state: code.state }, { customerName: name, userid: A }))
  }
  await waitFor(async () => (await w.relayClient().events({ after: 0, limit: 10 })).events.length === 3)
  expect((await w.sync.run()).lastError).toBeNull()
  expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 3, lost: 0, current: 3 })
  return { w, code, customers: scans.map((s) => s.externalUserid) }
}

async function transfer(w: World, kind: 'onjob' | 'resigned', from: string, to: string, ids: string[]) {
  const path =
    kind === 'onjob' ? 'externalcontact/transfer_customer' : 'externalcontact/resigned/transfer_customer'
  const answer = await callSandbox(w.sandbox, path, {
    body: { handover_userid: from, takeover_userid: to, external_userid: ids },
  })
  expect(answer.errcode).toBe(0)
}

/** WeCom's 24-hour takeover window passes, and every waiting transfer completes. */
async function windowPasses(w: World, expected: number) {
  w.advanceClock(86_400_000 + 1000)
  await w.sandbox.control.settleTransfers()
  expect(w.sandbox.control.transfers.filter((t) => t.status === 'done')).toHaveLength(expected)
}

const customerOf = (w: World, codeId: number, externalUserid: string) =>
  w.db.relations.listCustomers(codeId, 'all', 1, 100).items.find((c) => c.externalUserid === externalUserid)!

describe.each([
  { keep: true, reading: 'the takeover keeps the code’s state' },
  { keep: false, reading: 'the takeover loses the code’s state' },
])('在职继承 when $reading', ({ keep }) => {
  it('keeps 3 / 0 / 3 when the relay’s DELETE_BY_TRANSFER comes first, and shows the new owner', async () => {
    const { w, code, customers } = await threeCustomers(keep)
    await transfer(w, 'onjob', A, B, [customers[0]!])
    await windowPasses(w, 1)
    await waitFor(async () => (await w.relayClient().events({ after: 0, limit: 10 })).events.length === 4)
    expect((await w.sync.run()).lastError).toBeNull()
    expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 3, lost: 0, current: 3 })
    const moved = customerOf(w, code.id, customers[0]!)
    expect(moved).toMatchObject({ memberUserid: B, status: 'current', handover: null })
    expect(moved.handovers).toEqual([
      expect.objectContaining({ fromUserid: A, toUserid: B, at: expect.any(Number) }),
    ])
    // Per member the customer moved; the code's totals did not.
    const perMember = w.db.relations.perMember(code.id)
    expect(perMember.find((m) => m.userid === A)).toMatchObject({ cumulative: 2, current: 2 })
    expect(perMember.find((m) => m.userid === B)).toMatchObject({ cumulative: 1, current: 1 })
    // And stays so on every later reconcile.
    expect((await w.sync.run()).lastError).toBeNull()
    expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 3, lost: 0, current: 3 })
  })

  it('keeps 3 / 0 / 3 when reconcile sees it first (the relay never got the event)', async () => {
    const { w, code, customers } = await threeCustomers(keep)
    w.sandbox.control.setCallbackUrl(null)
    await transfer(w, 'onjob', A, B, [customers[1]!])
    await windowPasses(w, 1)
    const status = await w.sync.run()
    expect(status.lastError).toBeNull()
    expect(status.lastSummary).toContain('客户转接 1 位')
    expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 3, lost: 0, current: 3 })
    expect(customerOf(w, code.id, customers[1]!)).toMatchObject({ memberUserid: B, status: 'current' })
  })
})

describe('handovers that do not complete, members who leave, and members WeCom cannot read', () => {
  it('a transfer_fail keeps the customer with the original member and says why', async () => {
    const { w, code, customers } = await threeCustomers(true)
    await transfer(w, 'onjob', A, B, [customers[2]!])
    await w.sandbox.control.failTransfer(customers[2]!, 'customer_refused')
    await waitFor(async () => (await w.relayClient().events({ after: 0, limit: 10 })).events.length === 4)
    expect((await w.sync.run()).lastError).toBeNull()
    expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 3, lost: 0, current: 3 })
    expect(customerOf(w, code.id, customers[2]!)).toMatchObject({
      memberUserid: A,
      status: 'current',
      handover: 'failed',
      handoverNote: expect.stringContaining('客户拒绝了转接'),
      handovers: [],
    })
  })

  it('a member who leaves keeps their customers counted, marked 已离职, until 离职继承 moves them', async () => {
    const { w, code, customers } = await threeCustomers(true)
    w.sandbox.control.memberLeaves(A)
    expect((await w.sync.run()).lastError).toBeNull()
    expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 3, lost: 0, current: 3 })
    expect(customerOf(w, code.id, customers[0]!)).toMatchObject({ memberUserid: A, memberLeft: true })

    await transfer(w, 'resigned', A, B, [customers[0]!, customers[2]!])
    await windowPasses(w, 2)
    expect((await w.sync.run()).lastError).toBeNull()
    expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 3, lost: 0, current: 3 })
    for (const id of [customers[0]!, customers[2]!]) {
      expect(customerOf(w, code.id, id)).toMatchObject({ memberUserid: B, memberLeft: false })
    }
  })

  it('a member who truly deleted a customer is still a loss, transfers elsewhere notwithstanding', async () => {
    const { w, code, customers } = await threeCustomers(true)
    w.sandbox.control.setCallbackUrl(null)
    await w.sandbox.control.memberDeletesCustomer(A, customers[0]!)
    await transfer(w, 'onjob', A, B, [customers[2]!])
    await windowPasses(w, 1)
    expect((await w.sync.run()).lastError).toBeNull()
    expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 3, lost: 1, current: 2 })
    expect(customerOf(w, code.id, customers[0]!)).toMatchObject({ status: 'lost', memberUserid: A })
    expect(customerOf(w, code.id, customers[2]!)).toMatchObject({ status: 'current', memberUserid: B })
  })

  it('an unlicensed member’s customers are not judged lost while WeCom cannot list them', async () => {
    const { w, code } = await threeCustomers(true)
    w.sandbox.control.setMemberUnlicensed(A, true)
    expect((await w.sync.run()).lastError).toBeNull()
    expect(w.db.relations.counts(code.id)).toEqual({ cumulative: 3, lost: 0, current: 3 })
  })
})
