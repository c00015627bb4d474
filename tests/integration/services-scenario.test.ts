// The seed's 应用场景 end to end: simulated scans go sandbox → relay → sync → counts, through both add
// paths, both kinds of deletion and a re-add, a half-add before and after the member confirms, plus
// importing a way made outside the app. The handover and QR promises have their own files
// (handovers.test.ts, codes-ways-in-place.test.ts); the tags of a half-add, relay-half-adds.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Code } from '../../common/domain'
import { waitFor } from './relay-fixture'
import { codeInput, startWorld, usableMembers, type World } from './services-harness'

describe('the seed scenario, end to end through the relay', () => {
  let world: World
  let code: Code
  let member: string
  let halfAdded = ''
  const customers: string[] = []

  const counts = () => world.db.relations.counts(code.id)
  const syncOk = async () => {
    const status = await world.sync.run()
    expect(status.lastError).toBeNull()
    expect(status.phase).toBe('done')
    return status
  }

  beforeAll(async () => {
    world = await startWorld()
    await syncOk()
    // A member without an admin-set welcome (WeCom gives no WelcomeCode for those): 张伟.
    member = 'zhangwei'
    expect(usableMembers(world.db)).toContain(member)
    code = await world.codes.create(codeInput({ name: '春季海报', memberUserids: [member] }), '王经理')
  })
  afterAll(async () => {
    await world?.close()
  })

  it('creates the code in WeCom with its state and pushes its policy to the relay', async () => {
    const way = world.sandbox.control.contactWay(code.configId)
    expect(way).toMatchObject({ state: code.state, remark: '春季海报', user: [member], skip_verify: true })
    expect(code.state.length).toBeLessThanOrEqual(30)
    expect(code.relayState).toBe('synced')
    expect(code.creator).toBe('王经理')
    expect((await world.relayClient().health({})).policies).toBeGreaterThanOrEqual(1)
  })

  it('counts three scans as 3 cumulative, 0 lost, 3 current', async () => {
    for (let i = 0; i < 3; i++) {
      const scan = await world.sandbox.control.scan({ state: code.state }, { customerName: `客户${i}` })
      expect(scan.pending).toBe(false)
      customers.push(scan.externalUserid)
    }
    await syncOk()
    expect(counts()).toEqual({ cumulative: 3, lost: 0, current: 3 })
    const list = world.db.relations.listCustomers(code.id, 'all', 1, 10)
    expect(list.total).toBe(3)
    expect(list.items.map((c) => c.name).sort()).toEqual(['客户0', '客户1', '客户2'])
  })

  it('a customer deleting the member makes 2 current, 1 lost, 3 cumulative', async () => {
    await world.sandbox.control.customerDeletesMember(customers[0]!, member)
    await syncOk()
    expect(counts()).toEqual({ cumulative: 3, lost: 1, current: 2 })
    const lost = world.db.relations.listCustomers(code.id, 'lost', 1, 10).items
    expect(lost).toMatchObject([{ externalUserid: customers[0], lostReason: 'customer_deleted_member' }])
  })

  it('a member deleting a customer adds one lost and leaves cumulative unchanged', async () => {
    await world.sandbox.control.memberDeletesCustomer(member, customers[1]!)
    await syncOk()
    expect(counts()).toEqual({ cumulative: 3, lost: 2, current: 1 })
    expect(world.db.relations.get(code.id, customers[1]!, member)?.lostReason).toBe('member_deleted_customer')
  })

  it('a second sync with nothing new changes nothing (no double counting)', async () => {
    await syncOk()
    expect(counts()).toEqual({ cumulative: 3, lost: 2, current: 1 })
  })

  it('a lost customer adding again through the same code is current again, cumulative unchanged', async () => {
    // A real re-add cannot share the first add's second (WeCom's CreateTime resolution).
    world.advanceClock(2000)
    const again = await world.sandbox.control.scan(
      { state: code.state },
      { customerName: '客户0', userid: member },
    )
    expect(again.externalUserid).toBe(customers[0])
    await syncOk()
    expect(counts()).toEqual({ cumulative: 3, lost: 1, current: 2 })
    const relation = world.db.relations.get(code.id, customers[0]!, member)!
    expect(relation.status).toBe('current')
    expect(world.db.relations.history(relation.id).map((h) => h.kind)).toEqual(['added', 'lost', 'readded'])
  })

  it('a half-add without confirmation counts once, gets its welcome, and survives a full reconcile', async () => {
    world.sandbox.control.setMemberHalfAdd(member, true)
    try {
      const scan = await world.sandbox.control.scan(
        { state: code.state },
        { customerName: '半程客户', userid: member },
      )
      halfAdded = scan.externalUserid
      const events = await world.relayClient().events({ after: 0, limit: 1000 })
      const kinds = events.events.filter((e) => e.externalUserid === halfAdded).map((e) => e.changeType)
      expect(kinds).toEqual(['add_half_external_contact'])
      // The half event's WelcomeCode is the one WeCom honours: the welcome goes out on it.
      await waitFor(() => world.sandbox.control.sentWelcomes.find((w) => w.externalUserid === halfAdded))
      await syncOk()
      expect(counts()).toEqual({ cumulative: 4, lost: 1, current: 3 })
      // WeCom does not list the pair until the member confirms: the reconcile must not call it lost.
      await syncOk()
      expect(counts()).toEqual({ cumulative: 4, lost: 1, current: 3 })
      const listed = world.db.relations.listCustomers(code.id, 'current', 1, 10).items
      expect(listed.find((c) => c.externalUserid === halfAdded)).toMatchObject({
        pendingConfirm: true,
        welcome: 'sent',
      })
    } finally {
      world.sandbox.control.setMemberHalfAdd(member, false)
    }
  })

  it('after the member confirms, the half-add is still counted once and no longer pending', async () => {
    await world.sandbox.control.confirmHalfAdd(member, halfAdded)
    await syncOk()
    await syncOk()
    expect(counts()).toEqual({ cumulative: 4, lost: 1, current: 3 })
    const listed = world.db.relations.listCustomers(code.id, 'current', 1, 10).items
    expect(listed.find((c) => c.externalUserid === halfAdded)).toMatchObject({ pendingConfirm: false })
    expect(world.sandbox.control.sentWelcomes.filter((w) => w.externalUserid === halfAdded)).toHaveLength(1)
  })

  it('imports a way made directly in WeCom as an imported code', async () => {
    const way = await world.wecom.addContactWay({
      type: 1,
      scene: 2,
      remark: '后台手建',
      skip_verify: true,
      state: 'console-made',
      user: [member],
    })
    await syncOk()
    const imported = world.db.codes.getByConfigId(way.config_id)
    expect(imported).toMatchObject({
      origin: 'imported',
      name: '后台手建',
      state: 'console-made',
      memberUserids: [member],
    })
    // Imported codes count from sync too (their follow_info.state ties customers to them).
    await world.sandbox.control.scan({ state: 'console-made' }, { customerName: '导入码客户' })
    await syncOk()
    expect(world.db.relations.counts(imported!.id)).toEqual({ cumulative: 1, lost: 0, current: 1 })
    // Importing again finds nothing new.
    const again = await world.codes.importFromWeCom()
    expect(again.imported).toBe(0)
  })
})
