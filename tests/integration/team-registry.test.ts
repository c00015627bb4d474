// Two managers' desktops on one corp (two cores, one relay, one simulator): codes, creators and
// numbers are shared through the relay's registry; a stale edit gets the conflict instead of
// overwriting; deletes propagate; an offline desktop's outbox goes out in order, conflict raised once.

import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../common/bridge-result'
import type { RichWelcome } from '../../common/rich-welcome'
import type { CodeInput } from '../../common/schemas'
import { until } from './corp-world'
import { startTeamWorld, type Desktop, type TeamWorld } from './team-world'

let world: TeamWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

async function members(d: Desktop): Promise<string[]> {
  const { members } = await d.call('listMembers', {})
  return members.filter((m) => m.canFollow && m.status === 1 && m.enabled).map((m) => m.userid)
}

const input = (memberUserids: string[], over: Partial<CodeInput> = {}): CodeInput => ({
  name: '春季海报',
  memberUserids,
  tagIds: [],
  welcome: { mode: 'own', text: '欢迎光临', attachment: null },
  autoAccept: { mode: 'on', windows: [] },
  ...over,
})

const failure = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (error) {
    return error as AppError
  }
  throw new Error('expected a failure')
}

async function view(d: Desktop) {
  const page = await d.call('listCodes', { page: 1, pageSize: 50 })
  return page.items.map((c) => ({ name: c.name, creator: c.creator, state: c.state }))
}

async function customers(d: Desktop, id: number) {
  const page = await d.call('listCodeCustomers', { id, status: 'all', page: 1, pageSize: 100 })
  return page.items.map((c) => [c.externalUserid, c.memberUserid]).sort()
}

describe('a team on one corp', () => {
  it('shares codes with their creators, refuses the stale edit, propagates the delete, agrees on the numbers', async () => {
    world = await startTeamWorld()
    const { a, b, sandbox } = world
    await a.call('setIdentity', { name: '王经理' })
    await b.call('setIdentity', { name: '李主管' })
    const team = await members(a)
    const made = await a.call('createCode', input(team.slice(0, 2)))
    expect(made.creator).toBe('王经理')

    await b.sync()
    expect(await view(b)).toEqual([{ name: '春季海报', creator: '王经理', state: made.state }])
    expect(await b.call('listCreators', {})).toEqual(['王经理'])
    const onB = (await b.call('listCodes', { page: 1, pageSize: 10 })).items[0]!

    // Both edit the same code from the same version: A first, then B, who gets the conflict.
    await a.call('updateCode', { id: made.id, code: input(team.slice(0, 2), { name: '春季海报（A改）' }) })
    const stale = await failure(
      b.call('updateCode', {
        id: onB.id,
        code: input(team.slice(0, 2), {
          tagIds: [],
          welcome: { mode: 'own', text: 'B 的欢迎语', attachment: null },
        }),
      }),
    )
    expect(stale.code).toBe('CONFLICT')
    expect(stale.message).toMatch(/王经理/)
    const [conflict] = await b.call('listCodeConflicts', {})
    expect(conflict).toMatchObject({
      id: onB.id,
      mine: { fields: { name: '春季海报', welcome: { text: 'B 的欢迎语' } } },
      theirs: {
        fields: { name: '春季海报（A改）', welcome: { text: '欢迎光临' } },
        by: '王经理',
        deleted: false,
      },
    })
    // Merged field by field: A's name, B's welcome.
    const merged = { ...conflict!.mine.fields!, name: conflict!.theirs.fields!.name }
    const resolved = await b.call('resolveCodeConflict', { id: onB.id, keep: 'merged', code: merged })
    expect(resolved.code).toMatchObject({ name: '春季海报（A改）', welcome: { text: 'B 的欢迎语' } })
    expect(await b.call('listCodeConflicts', {})).toEqual([])
    await a.sync()
    expect(await a.call('getCode', { id: made.id })).toMatchObject({
      name: '春季海报（A改）',
      welcome: { text: 'B 的欢迎语' },
    })
    // WeCom's way has the merged version too.
    expect(sandbox.control.contactWay(made.configId)).toMatchObject({ remark: expect.any(String) })

    // Scans and a deletion: both desktops show the same numbers and the same customers.
    const scans = [
      await sandbox.control.scan({ state: made.state }),
      await sandbox.control.scan({ state: made.state }),
    ]
    await sandbox.control.customerDeletesMember(scans[0]!.externalUserid, scans[0]!.userid)
    const second = await a.call('createCode', input(team.slice(0, 1), { name: '门店' }))
    await sandbox.control.scan({ state: second.state })
    await until(async () => {
      await a.sync()
      await b.sync()
      const [sa, sb] = [
        await a.call('getCodeStats', { id: made.id }),
        await b.call('getCodeStats', { id: onB.id }),
      ]
      return sa.cumulative === 2 && sa.lost === 1 && JSON.stringify(sa) === JSON.stringify(sb)
    }, 20_000)
    expect(await customers(a, made.id)).toEqual(await customers(b, onB.id))
    expect((await view(a)).sort((x, y) => x.name.localeCompare(y.name))).toEqual(
      (await view(b)).sort((x, y) => x.name.localeCompare(y.name)),
    )

    // B deletes the second code; A sees it gone after a sync.
    const secondOnB = (await b.call('listCodes', { page: 1, pageSize: 10 })).items.find(
      (c) => c.state === second.state,
    )!
    await b.call('deleteCode', { id: secondOnB.id })
    await until(async () => {
      await b.sync()
      await a.sync()
      return (await view(a)).every((c) => c.state !== second.state)
    }, 20_000)
    expect(await view(a)).toEqual(await view(b))
    expect((await a.call('getSyncStatus', {})).pendingPushes).toBe(0)
    expect((await b.call('getSyncStatus', {})).pendingPushes).toBe(0)
  }, 90_000)

  it('offline outbox: B edits twice offline, A once online; B reconnects, the conflict is raised once and nothing is lost', async () => {
    world = await startTeamWorld()
    const { a, b, sandbox } = world
    const team = await members(a)
    const made = await a.call('createCode', input(team.slice(0, 2)))
    await b.sync()
    const onB = (await b.call('listCodes', { page: 1, pageSize: 10 })).items[0]!

    await world.setBOffline(true)
    const first = await b.call('updateCode', { id: onB.id, code: input(team.slice(0, 1)) })
    expect(first.memberUserids).toEqual(team.slice(0, 1))
    await b.call('updateCode', { id: onB.id, code: input(team.slice(0, 1), { name: '春季海报（B离线）' }) })
    expect((await b.call('getSyncStatus', {})).pendingPushes).toBe(2)
    expect((await b.call('getCode', { id: onB.id })).name).toBe('春季海报（B离线）')
    // WeCom's way is untouched while B's edits wait.
    expect(sandbox.control.contactWay(made.configId)?.user).toEqual(team.slice(0, 2))

    await a.call('updateCode', {
      id: made.id,
      code: input(team.slice(0, 2), { welcome: { mode: 'own', text: 'A 的新欢迎语', attachment: null } }),
    })

    await world.setBOffline(false)
    await b.sync()
    const conflicts = await b.call('listCodeConflicts', {})
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toMatchObject({
      mine: {
        fields: { name: '春季海报（B离线）', memberUserids: team.slice(0, 1), welcome: { text: '欢迎光临' } },
      },
      theirs: {
        fields: { name: '春季海报', memberUserids: team.slice(0, 2), welcome: { text: 'A 的新欢迎语' } },
      },
    })
    expect((await b.call('getSyncStatus', {})).pendingPushes).toBe(0)
    // Syncing again does not raise it a second time.
    await b.sync()
    expect(await b.call('listCodeConflicts', {})).toHaveLength(1)

    // The managers choose: B's two offline edits (members, name) with A's welcome.
    const chosen = { ...conflicts[0]!.mine.fields!, welcome: conflicts[0]!.theirs.fields!.welcome }
    await b.call('resolveCodeConflict', { id: onB.id, keep: 'merged', code: chosen })
    await a.sync()
    const final = {
      name: '春季海报（B离线）',
      memberUserids: team.slice(0, 1),
      welcome: { text: 'A 的新欢迎语' },
    }
    expect(await a.call('getCode', { id: made.id })).toMatchObject(final)
    expect(await b.call('getCode', { id: onB.id })).toMatchObject(final)
    expect(sandbox.control.contactWay(made.configId)?.user).toEqual(team.slice(0, 1))
  }, 90_000)

  it("shares a code's rich welcome: B gets A's timed message and auto remark, and A's clearing of them", async () => {
    world = await startTeamWorld()
    const { a, b } = world
    const team = await members(a)
    const rich: RichWelcome = {
      welcomeWindows: [
        {
          weekdays: [1, 2, 3, 4, 5],
          start: '09:00',
          end: '18:00',
          message: { text: '工作时间好，{客户昵称}', attachments: [] },
        },
      ],
      autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '扫码添加' },
    }
    const made = await a.call('createCode', { ...input(team.slice(0, 1)), rich })
    await b.sync()
    const onB = (await b.call('listCodes', { page: 1, pageSize: 10 })).items[0]!
    expect((await b.call('getCode', { id: onB.id })).rich).toEqual(rich)

    // An edit on B that does not touch the rich welcome keeps it, on B and in the registry.
    await b.call('updateCode', { id: onB.id, code: input(team.slice(0, 1), { name: '春季海报（B改）' }) })
    const entry = (await world.registry()).find((e) => e.codeKey === made.state)!
    expect(entry.record.rich).toEqual(rich)

    // A clears it: the record goes without it and B's copy follows.
    await a.sync()
    await a.call('updateCode', {
      id: made.id,
      code: {
        ...input(team.slice(0, 1), { name: '春季海报（B改）' }),
        rich: { welcomeWindows: [], autoRemark: null },
      },
    })
    await b.sync()
    const cleared = await b.call('getCode', { id: onB.id })
    expect(cleared.rich).toBeUndefined()
    expect((await world.registry()).find((e) => e.codeKey === made.state)!.record.rich).toBeUndefined()
  }, 60_000)

  it('a code deleted elsewhere while being edited here says so', async () => {
    world = await startTeamWorld()
    const { a, b } = world
    const team = await members(a)
    const made = await a.call('createCode', input(team.slice(0, 1)))
    await b.sync()
    const onB = (await b.call('listCodes', { page: 1, pageSize: 10 })).items[0]!
    await a.call('deleteCode', { id: made.id })
    // The delete reaches the relay's registry as a tombstone once its undo window has passed.
    await until(async () => (await world!.registry()).some((e) => e.codeKey === made.state && e.deleted))
    const refused = await failure(
      b.call('updateCode', { id: onB.id, code: input(team.slice(0, 1), { name: '新名字' }) }),
    )
    expect([refused.code, refused.message]).toEqual(['CONFLICT', expect.stringMatching(/已被.*删除/)])
    expect((await b.call('listCodes', { page: 1, pageSize: 10 })).total).toBe(0)
  }, 60_000)

  it('a revoked key is refused at once; the changes made with it keep their author', async () => {
    world = await startTeamWorld()
    const { a, b } = world
    await b.call('setIdentity', { name: '李主管' })
    const team = await members(a)
    const made = await b.call('createCode', input(team.slice(0, 1), { name: 'B 的码' }))
    const listed = await a.call('listRelayKeys', {})
    expect(listed.me).toEqual({ keyId: 'admin', who: '管理员', admin: true })
    expect(listed.keys).toEqual([
      expect.objectContaining({
        keyId: 'desk-b',
        who: '李主管的电脑',
        lastSeenAt: expect.any(Number),
        revokedAt: null,
      }),
    ])
    // Only the admin's desktop may issue or revoke.
    await expect(b.call('issueRelayKey', { keyId: 'desk-c', who: 'C' })).rejects.toThrow(/只有企业管理员/)

    await a.call('revokeRelayKey', { keyId: 'desk-b' })
    await expect(b.call('listRelayKeys', {})).rejects.toMatchObject({ kind: 'unauthorized', status: 401 })
    const refused = await b.sync()
    expect(refused.relayOnline).toBe(true)
    expect(refused.lastError).toMatch(/密钥/)
    const entry = (await world.registry()).find((e) => e.codeKey === made.state)
    expect(entry?.changedBy).toEqual({ keyId: 'desk-b', who: '李主管的电脑' })
    await a.sync()
    expect((await a.call('getCode', { id: 1 })).creator).toBe('李主管')
    expect((await a.call('listRelayKeys', {})).keys[0]).toMatchObject({
      keyId: 'desk-b',
      revokedAt: expect.any(Number),
    })
  }, 60_000)

  it('refuses to create a code offline with a clear message', async () => {
    world = await startTeamWorld()
    const team = await members(world.a)
    await world.sandbox.stop()
    const refused = await failure(world.a.call('createCode', input(team)))
    expect(refused.message).toMatch(/离线时不能新建活码/)
  }, 60_000)
})
