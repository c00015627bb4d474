// A printed QR never dies because of an edit: every code is a type-2 way edited in place, so its
// config_id and QR survive any change of members; only a single-member (type 1) way made elsewhere
// cannot grow, and then the manager is asked first and the old QR stays in the code's history. An
// imported way's departments survive edits whichever way WeCom reads an omitted party.

import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../common/bridge-result'
import { codeInput, startWorld, usableMembers, wayIds, type World } from './services-harness'

let world: World | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

async function syncedWorld(options: Parameters<typeof startWorld>[0] = {}) {
  world = await startWorld(options)
  expect((await world.sync.run()).lastError).toBeNull()
  return { world, members: usableMembers(world.db) }
}

/** A way made outside this app (the console, another tool), then imported. */
async function importedWay(w: World, input: { type: 1 | 2; user: string[]; party?: number[] }) {
  const made = await w.wecom.addContactWay({
    type: input.type,
    scene: 2,
    remark: '控制台做的码',
    skip_verify: true,
    state: `console${input.type}`,
    user: input.user,
    ...(input.party ? { party: input.party } : {}),
  })
  await w.codes.importFromWeCom()
  const code = w.db.codes.getByConfigId(made.config_id)
  if (!code) throw new Error('the way was not imported')
  return code
}

describe('a code keeps its QR through any edit of its members', () => {
  it('1 → 3 → 1 members: the same config_id and QR in WeCom and locally, type 2 throughout', async () => {
    const { world: w, members } = await syncedWorld()
    const code = await w.codes.create(codeInput({ name: '海报', memberUserids: [members[0]!] }), '王经理')
    expect((await w.wecom.getContactWay(code.configId)).type).toBe(2)
    for (const team of [members.slice(0, 3), [members[1]!]]) {
      const edited = await w.codes.update(code.id, codeInput({ name: '海报', memberUserids: team }))
      expect(edited).toMatchObject({ configId: code.configId, qrUrl: code.qrUrl, qrHistory: [] })
      const way = await w.wecom.getContactWay(code.configId)
      expect(way).toMatchObject({ type: 2, qr_code: code.qrUrl, user: team, state: code.state })
    }
    expect(await wayIds(w.wecom)).toContain(code.configId)
  })

  it('an imported single-member way asks before it grows, and keeps the old QR in the history', async () => {
    const { world: w, members } = await syncedWorld()
    const old = await importedWay(w, { type: 1, user: [members[0]!] })
    expect(old.wayType).toBe(1)
    const grown = codeInput({ name: old.name, memberUserids: members.slice(0, 2), welcome: old.welcome })
    const question = await w.codes.update(old.id, grown).catch((error: unknown) => error)
    expect(question).toBeInstanceOf(AppError)
    expect(question).toMatchObject({
      code: 'CONFIRM_REQUIRED',
      message: expect.stringContaining('新的二维码'),
    })
    // Asking changed nothing, in WeCom or locally.
    expect(await w.wecom.getContactWay(old.configId)).toMatchObject({ type: 1, user: [members[0]!] })
    expect(w.codes.get(old.id)).toMatchObject({ configId: old.configId, memberUserids: [members[0]!] })

    // Staying at one member needs no question: edited in place.
    const renamed = await w.codes.update(old.id, { ...grown, name: '改名', memberUserids: [members[1]!] })
    expect(renamed.configId).toBe(old.configId)

    const replaced = await w.codes.update(old.id, grown, { replaceQr: true })
    expect(replaced.configId).not.toBe(old.configId)
    expect(replaced).toMatchObject({ state: old.state, wayType: 2, memberUserids: members.slice(0, 2) })
    expect(replaced.qrHistory).toEqual([
      { configId: old.configId, qrUrl: old.qrUrl, replacedAt: expect.any(Number) },
    ])
    expect(await w.wecom.getContactWay(replaced.configId)).toMatchObject({ type: 2, state: old.state })
    expect(await wayIds(w.wecom)).not.toContain(old.configId)
    // From now on it is a type-2 way like any other: no more questions.
    const again = await w.codes.update(old.id, { ...grown, memberUserids: [members[2]!] })
    expect(again.configId).toBe(replaced.configId)
  })

  it('a code made before every code was type 2 (type 1, one member) also asks first', async () => {
    const { world: w, members } = await syncedWorld()
    const code = await w.codes.create(codeInput({ name: '旧码', memberUserids: [members[0]!] }), 'x')
    // What the first release made for one member: a type-1 way, so recorded by step 6 of the migrations.
    const made = await w.wecom.addContactWay({
      type: 1,
      scene: 2,
      remark: '旧码',
      skip_verify: true,
      state: 'legacy1',
      user: [members[0]!],
    })
    w.db.sqlite
      .prepare('UPDATE codes SET config_id = ?, qr_url = ?, way_type = 1 WHERE id = ?')
      .run(made.config_id, made.qr_code, code.id)
    await expect(
      w.codes.update(code.id, codeInput({ name: '旧码', memberUserids: members.slice(0, 3) })),
    ).rejects.toMatchObject({ code: 'CONFIRM_REQUIRED' })
  })
})

describe.each([
  { keeps: false, reading: 'an omitted party clears the departments' },
  { keeps: true, reading: 'an omitted party keeps the departments' },
])('an imported way with departments, when $reading', ({ keeps }) => {
  it('keeps its departments through a members edit and a rename', async () => {
    const { world: w, members } = await syncedWorld({ sandbox: { updateKeepsOmittedParty: keeps } })
    const code = await importedWay(w, { type: 2, user: [members[0]!], party: [3] })
    await w.codes.update(
      code.id,
      codeInput({ name: '带部门的码', memberUserids: members.slice(0, 2), welcome: code.welcome }),
    )
    expect(await w.wecom.getContactWay(code.configId)).toMatchObject({
      party: [3],
      user: members.slice(0, 2),
      remark: '带部门的码',
    })
  })
})
