// No duplicate ways. WeCom's -1 on add_contact_way may come after the way was made; resending would
// leave two ways (two QRs) with one state. The state is the idempotency key: before asking again the
// app looks it up, and takes the way it finds.

import { afterEach, describe, expect, it } from 'vitest'
import type { World } from './services-harness'
import { codeInput, startWorld } from './services-harness'

let world: World | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const ADD = '/cgi-bin/externalcontact/add_contact_way'

async function waysWithState(w: World, state: string): Promise<string[]> {
  const { listAllConfigIds } = await import('../../main/codes/list-ways')
  const ids = await listAllConfigIds(w.wecom, Date.now())
  const ways = await Promise.all(ids.map((id) => w.wecom.getContactWay(id)))
  return ways.filter((way) => way.state === state).map((way) => way.config_id)
}

async function synced() {
  world = await startWorld()
  expect((await world.sync.run()).lastError).toBeNull()
  return world
}

describe('creating a code when WeCom answers -1', () => {
  it('after the way was made: no second way, and the code holds the one WeCom made', async () => {
    const w = await synced()
    w.sandbox.control.injectFault({ path: ADD, errcode: -1, afterEffect: true })
    const code = await w.codes.create(codeInput({ name: '忙时创建', memberUserids: ['lina'] }), 'x')
    expect(await waysWithState(w, code.state)).toEqual([code.configId])
    expect(w.sandbox.control.calls[ADD]).toBe(1)
    expect(w.sandbox.control.contactWay(code.configId)).toMatchObject({ remark: '忙时创建', user: ['lina'] })
  })

  it('before anything was made: asked again once, one way', async () => {
    const w = await synced()
    w.sandbox.control.injectFault({ path: ADD, errcode: -1 })
    const code = await w.codes.create(codeInput({ name: '忙时再试', memberUserids: ['lina'] }), 'x')
    expect(await waysWithState(w, code.state)).toEqual([code.configId])
    expect(w.sandbox.control.calls[ADD]).toBe(2)
  })

  it('a replacement way (a single-member way grown) is never mistaken for the old one', async () => {
    const w = await synced()
    const old = await w.wecom.addContactWay({
      type: 1,
      scene: 2,
      remark: '单人码',
      skip_verify: true,
      state: 'single1',
      user: ['lina'],
    })
    await w.codes.importFromWeCom()
    const imported = w.db.codes.getByConfigId(old.config_id)!
    w.sandbox.control.injectFault({ path: ADD, errcode: -1, afterEffect: true })
    const grown = await w.codes.update(
      imported.id,
      codeInput({ name: '单人码', memberUserids: ['lina', 'wangfang'], welcome: imported.welcome }),
      { replaceQr: true },
    )
    expect(grown.configId).not.toBe(old.config_id)
    expect(await waysWithState(w, 'single1')).toEqual([grown.configId])
  })
})
