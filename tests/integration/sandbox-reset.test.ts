// 重置沙盒 through the real core: it really empties the sandbox workspace (the app's data, the
// simulator's corp and the relay's store), opens it fresh and ready, and refuses on a real corp.

import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../common/bridge-result'
import { connect, startCorpWorld, type CorpWorld } from './corp-world'
import { waitFor } from './relay-fixture'
import { demoCode, openSandboxCore, tempWorkspace, type SandboxCore } from './sandbox-core'

let open: SandboxCore[] = []
let corpWorld: CorpWorld | null = null
afterEach(async () => {
  for (const c of open) await c.close()
  open = []
  await corpWorld?.close()
  corpWorld = null
})

async function start(dir: string) {
  const c = await openSandboxCore(dir)
  open.push(c)
  return c
}

async function syncNow(c: SandboxCore) {
  await c.h.runSync({})
  await waitFor(async () => !(await c.h.getSyncStatus({})).running)
}

describe('重置沙盒', () => {
  it('deletes every code, customer and history, the simulator’s and the relay’s state too', async () => {
    const c = await start(tempWorkspace())
    const code = await c.h.createCode(demoCode('演示过的码'))
    await c.h.simulateScan({ id: code.id, customerName: '演示客户' })
    await syncNow(c)
    expect((await c.h.getCodeStats({ id: code.id })).cumulative).toBe(1)
    const before = c.runtime()
    expect(await c.relayPolicies()).toBe(1)

    const workspace = await c.h.resetSandbox({})
    expect(workspace.kind).toBe('sandbox')
    expect(c.runtime()).not.toBe(before)
    expect(await c.h.listCodes({ page: 1, pageSize: 10 })).toEqual({ items: [], total: 0 })
    expect((await c.h.listCreators({})).length).toBe(0)
    const gone = await c.h.getCodeStats({ id: code.id }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(gone).toBeInstanceOf(AppError)
    // A fresh simulator (no ways, no customers of ours) and a relay without policies.
    const control = c.runtime().sandbox.control
    expect(control.contactWay(code.configId)).toBeUndefined()
    expect(control.sentWelcomes).toHaveLength(0)
    expect(await c.relayPolicies()).toBe(0)
    // Ready to use again at once: members are there and the same name can be reused.
    expect((await c.h.listMembers({})).members.length).toBeGreaterThan(10)
    const again = await c.h.createCode(demoCode('演示过的码'))
    expect((await c.h.getCodeStats({ id: again.id })).cumulative).toBe(0)
    expect((await c.h.listCodeCustomers({ id: again.id, status: 'all', page: 1, pageSize: 10 })).total).toBe(
      0,
    )
  })

  it('refuses on a real corp and leaves its codes alone', async () => {
    corpWorld = await startCorpWorld()
    await connect(corpWorld)
    const code = await corpWorld.call('createCode', demoCode('真实企业的码'))
    const refused = await corpWorld.call('resetSandbox', {}).then(
      () => null,
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).code).toBe('NOT_SANDBOX')
    expect((refused as AppError).message).toContain('只能重置沙盒')
    expect((await corpWorld.call('getWorkspace', {})).kind).toBe('corp')
    expect((await corpWorld.call('getCode', { id: code.id })).name).toBe('真实企业的码')
    expect(corpWorld.sandbox().control.contactWay(code.configId)).toBeDefined()
  })
})
