// The codes service's promises: every validation error is caught before WeCom is called (nothing made
// there or locally), a relay outage leaves the code pending until the next sync pushes it, a failed
// local write deletes the WeCom way again, and edits and deletes reach WeCom and the relay.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../common/bridge-result'
import type { AppDatabase } from '../../main/db'
import { waitFor } from './relay-fixture'
import { codeInput, startWorld, usableMembers, wayIds, type World } from './services-harness'

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

describe('codes service', () => {
  let world: World
  let members: string[]
  let tagId: string
  let breakInsert = false

  beforeAll(async () => {
    world = await startWorld({
      // The codes service's database with a switch that makes the local insert fail.
      codesDb: (db: AppDatabase) => ({
        members: db.members,
        tags: db.tags,
        syncState: db.syncState,
        pendingDeletes: db.pendingDeletes,
        codes: {
          ...db.codes,
          insert: (code) => {
            if (breakInsert) throw new Error('disk I/O error (injected)')
            return db.codes.insert(code)
          },
        },
      }),
    })
    const status = await world.sync.run()
    expect(status.lastError).toBeNull()
    members = usableMembers(world.db)
    expect(members.length).toBeGreaterThanOrEqual(3)
    tagId = world.db.tags.listGroups()[0]!.tags[0]!.id
  })
  afterAll(async () => {
    await world?.close()
  })

  describe('validation before anything is sent', () => {
    let waysBefore: string[]
    let rowsBefore: number

    beforeAll(async () => {
      await world.codes.create(codeInput({ name: '已存在的名字', memberUserids: [members[0]!] }), '王经理')
      waysBefore = await wayIds(world.wecom)
      rowsBefore = world.db.codes.list({ page: 1, pageSize: 100 }).total
    })

    const expectNothingMade = async () => {
      expect(await wayIds(world.wecom)).toEqual(waysBefore)
      expect(world.db.codes.list({ page: 1, pageSize: 100 }).total).toBe(rowsBefore)
    }

    it('refuses a duplicate name (trimmed) on the name field', async () => {
      const error = await failure(
        world.codes.create(codeInput({ name: ' 已存在的名字 ', memberUserids: [members[1]!] }), '王经理'),
      )
      expect(error.code).toBe('VALIDATION')
      expect(error.fields?.name).toContain('已有同名活码')
      await expectNothingMade()
    })

    it('refuses an unknown member on the members field', async () => {
      const error = await failure(
        world.codes.create(codeInput({ name: '新码1', memberUserids: ['nobody'] }), 'x'),
      )
      expect(error.fields?.memberUserids).toContain('nobody')
      await expectNothingMade()
    })

    it('refuses a member without the customer-contact permission, naming them', async () => {
      const forbidden = world.db.members.list().find((m) => !m.canFollow)
      expect(forbidden).toBeDefined()
      const error = await failure(
        world.codes.create(codeInput({ name: '新码2', memberUserids: [forbidden!.userid] }), 'x'),
      )
      expect(error.fields?.memberUserids).toContain(forbidden!.name)
      expect(error.fields?.memberUserids).toContain('客户联系权限')
      await expectNothingMade()
    })

    it('refuses a member the manager switched off in the app', async () => {
      world.db.members.setEnabled(members[2]!, false, Date.now())
      try {
        const error = await failure(
          world.codes.create(codeInput({ name: '新码3', memberUserids: [members[2]!] }), 'x'),
        )
        expect(error.fields?.memberUserids).toContain('停用')
        await expectNothingMade()
      } finally {
        world.db.members.setEnabled(members[2]!, true, Date.now())
      }
    })

    it('refuses an unknown tag', async () => {
      const error = await failure(
        world.codes.create(
          codeInput({ name: '新码4', memberUserids: [members[0]!], tagIds: ['no-such-tag'] }),
          'x',
        ),
      )
      expect(error.fields?.tagIds).toContain('no-such-tag')
      await expectNothingMade()
    })

    it('refuses overlapping schedule windows', async () => {
      const error = await failure(
        world.codes.create(
          codeInput({
            name: '新码5',
            memberUserids: [members[0]!],
            autoAccept: {
              mode: 'scheduled',
              windows: [
                { weekday: 1, start: '09:00', end: '12:00' },
                { weekday: 1, start: '11:00', end: '13:00' },
              ],
            },
          }),
          'x',
        ),
      )
      expect(error.fields?.['autoAccept.windows']).toContain('重叠')
      await expectNothingMade()
    })

    it('reports every wrong field at once', async () => {
      const error = await failure(
        world.codes.create(
          codeInput({ name: '已存在的名字', memberUserids: ['nobody'], tagIds: ['gone'] }),
          'x',
        ),
      )
      expect(Object.keys(error.fields ?? {}).sort()).toEqual(['memberUserids', 'name', 'tagIds'])
      await expectNothingMade()
    })
  })

  it('sends the full way: type 2 for several members, skip_verify off when auto-accept is off', async () => {
    const code = await world.codes.create(
      codeInput({
        name: '多人码',
        memberUserids: members.slice(0, 2),
        tagIds: [tagId],
        autoAccept: { mode: 'off', windows: [] },
      }),
      '王经理',
    )
    expect(world.sandbox.control.contactWay(code.configId)).toMatchObject({
      skip_verify: false,
      user: members.slice(0, 2),
      remark: '多人码',
      state: code.state,
    })
    const way = await world.wecom.getContactWay(code.configId)
    expect(way.type).toBe(2)
    expect(world.codes.get(code.id)).toMatchObject({ tagIds: [tagId], relayState: 'synced' })
  })

  it('keeps a code created while the relay is down as pending, and the next sync pushes it', async () => {
    world.setRelayDown(true)
    let id: number
    try {
      const code = await world.codes.create(
        codeInput({ name: '中转离线时新建', memberUserids: [members[0]!] }),
        'x',
      )
      id = code.id
      expect(code.relayState).toBe('pending')
      expect(world.sandbox.control.contactWay(code.configId)).toBeDefined()
    } finally {
      world.setRelayDown(false)
    }
    const status = await world.sync.run()
    expect(status.lastError).toBeNull()
    expect(world.codes.get(id).relayState).toBe('synced')
  })

  it('deletes the WeCom way again when the local write fails', async () => {
    const before = await wayIds(world.wecom)
    const calls = world.sandbox.control.calls
    const delPath = Object.keys(calls).find((p) => p.endsWith('del_contact_way'))
    const delBefore = delPath ? calls[delPath]! : 0
    breakInsert = true
    try {
      await expect(
        world.codes.create(codeInput({ name: '写库失败', memberUserids: [members[0]!] }), 'x'),
      ).rejects.toThrow('injected')
    } finally {
      breakInsert = false
    }
    expect(await wayIds(world.wecom)).toEqual(before)
    const after = world.sandbox.control.calls
    const delAfter = Object.entries(after).find(([p]) => p.endsWith('del_contact_way'))?.[1] ?? 0
    expect(delAfter).toBe(delBefore + 1)
    expect(world.db.codes.nameExists('写库失败')).toBe(false)
  })

  it('edits send the full desired state to WeCom and a fresh policy to the relay', async () => {
    // 张伟 has no admin-set welcome, so WeCom gives his adds a welcome code.
    const code = await world.codes.create(
      codeInput({ name: '待编辑', memberUserids: ['moumeina'] }),
      '王经理',
    )
    const edited = await world.codes.update(
      code.id,
      codeInput({
        name: '已编辑',
        memberUserids: ['zhangwei'],
        autoAccept: { mode: 'off', windows: [] },
        welcome: { mode: 'own', text: '编辑后的欢迎语', attachment: null },
      }),
    )
    expect(edited).toMatchObject({
      name: '已编辑',
      state: code.state,
      configId: code.configId,
      relayState: 'synced',
    })
    expect(edited.updatedAt).toBeGreaterThanOrEqual(code.updatedAt)
    expect(world.sandbox.control.contactWay(code.configId)).toMatchObject({
      remark: '已编辑',
      user: ['zhangwei'],
      skip_verify: false,
      state: code.state,
    })
    // The relay acts on the edited policy: the next add (accepted by the member, auto-accept being off
    // now) gets the edited welcome from the relay.
    const scan = await world.sandbox.control.scan({ state: code.state })
    expect(scan).toMatchObject({ pending: true, userid: 'zhangwei' })
    await world.sandbox.control.acceptPending(scan.userid, scan.externalUserid)
    const welcome = await waitFor(() =>
      world.sandbox.control.sentWelcomes.find((w) => w.externalUserid === scan.externalUserid),
    )
    expect(welcome.text).toBe('编辑后的欢迎语')
  })

  it('an edit to a duplicate name is refused and WeCom is left as it was', async () => {
    const a = await world.codes.create(codeInput({ name: '甲码', memberUserids: [members[0]!] }), 'x')
    await world.codes.create(codeInput({ name: '乙码', memberUserids: [members[0]!] }), 'x')
    const error = await failure(
      world.codes.update(a.id, codeInput({ name: '乙码', memberUserids: [members[0]!] })),
    )
    expect(error.fields?.name).toContain('已有同名活码')
    expect(world.sandbox.control.contactWay(a.configId)?.remark).toBe('甲码')
  })

  it('delete removes the way in WeCom and the policy, and keeps history readable', async () => {
    const code = await world.codes.create(codeInput({ name: '将删除', memberUserids: [members[0]!] }), 'x')
    const scan = await world.sandbox.control.scan({ state: code.state }, { customerName: '删前客户' })
    await world.sync.run()
    await world.codes.remove(code.id)
    expect(await wayIds(world.wecom)).not.toContain(code.configId)
    expect(() => world.codes.get(code.id)).toThrow(AppError)
    expect(world.db.codes.get(code.id, { includeDeleted: true })?.relayState).toBe('synced')
    expect(world.db.relations.counts(code.id)).toEqual({ cumulative: 1, lost: 0, current: 1 })
    expect(world.db.relations.listCustomers(code.id, 'all', 1, 10).items[0]?.externalUserid).toBe(
      scan.externalUserid,
    )
    // The name is free again.
    await world.codes.create(codeInput({ name: '将删除', memberUserids: [members[0]!] }), 'x')
  })

  it('a delete while the relay is down is retried by the next sync', async () => {
    const code = await world.codes.create(codeInput({ name: '离线删除', memberUserids: [members[0]!] }), 'x')
    world.setRelayDown(true)
    try {
      await world.codes.remove(code.id)
    } finally {
      world.setRelayDown(false)
    }
    expect(world.db.codes.get(code.id, { includeDeleted: true })?.relayState).toBe('pending')
    await world.sync.run()
    expect(world.db.codes.get(code.id, { includeDeleted: true })?.relayState).toBe('synced')
  })

  it('lists with filters, creators and paging from SQLite', () => {
    const page = world.codes.list({ name: '码', page: 1, pageSize: 10 })
    expect(page.total).toBeGreaterThan(0)
    expect(page.items.every((c) => c.name.includes('码'))).toBe(true)
    expect(world.codes.listCreators()).toContain('王经理')
    expect(
      world.codes
        .list({ creator: '王经理', page: 1, pageSize: 10 })
        .items.every((c) => c.creator === '王经理'),
    ).toBe(true)
  })
})
