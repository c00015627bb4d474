// Undoable deletes through the real core, simulator and relay: a delete hides the code at once, WeCom's
// way and the relay policy go only when the undo window has passed, 撤销 inside it brings the code
// back untouched, and a restart or a failed WeCom call inside or after the window neither loses the
// delete nor carries it out twice. Windows pass by moving the core's clock, or by waiting (bounded)
// for the effect; never by a fixed sleep.

import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../common/bridge-result'
import { demoCode, openSandboxCore, tempWorkspace, type SandboxCore } from './sandbox-core'
import { waitFor } from './relay-fixture'

const WINDOW_MS = 60_000

let open: SandboxCore[] = []
afterEach(async () => {
  for (const c of open) await c.close()
  open = []
})

async function start(dir: string, options: Parameters<typeof openSandboxCore>[1] = {}) {
  const c = await openSandboxCore(dir, options)
  open.push(c)
  return c
}

async function closeCore(c: SandboxCore) {
  open = open.filter((o) => o !== c)
  await c.close()
}

/** A clock the test moves forward: the undo window passes without waiting for it. */
function movableClock() {
  let skew = 0
  return { now: () => Date.now() + skew, advance: (ms: number) => (skew += ms) }
}

/** runSync only starts a sync: wait (bounded) until it has finished, and check it succeeded. */
async function syncNow(c: SandboxCore) {
  await c.h.runSync({})
  const status = await waitFor(async () => {
    const s = await c.h.getSyncStatus({})
    return !s.running && s
  })
  expect(status.lastError).toBeNull()
}

const listedIds = async (c: SandboxCore) =>
  (await c.h.listCodes({ page: 1, pageSize: 100 })).items.map((code) => code.id)

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('undoable deletes', () => {
  it('hides the code at once, keeps WeCom and the relay untouched, and 撤销 brings it back', async () => {
    const c = await start(tempWorkspace(), { deleteUndoMs: WINDOW_MS })
    const code = await c.h.createCode(demoCode('撤销的码'))
    expect(await c.relayPolicies()).toBe(1)

    const before = Date.now()
    const deleted = await c.h.deleteCode({ id: code.id })
    expect(deleted.deleted).toBe(true)
    expect(deleted.undoUntil).toBeGreaterThanOrEqual(before + WINDOW_MS)
    expect(await listedIds(c)).not.toContain(code.id)
    expect((await rejection(c.h.getCode({ id: code.id }))).code).toBe('NOT_FOUND')
    // Nothing has left the app yet: a printed poster still works during the window.
    expect(c.runtime().sandbox.control.contactWay(code.configId)).toBeDefined()
    expect(await c.relayPolicies()).toBe(1)
    // A relay push (sync, retry timer) must not remove the policy early either.
    await syncNow(c)
    expect(await c.relayPolicies()).toBe(1)

    const restored = await c.h.undoDeleteCode({ id: code.id })
    expect(restored).toMatchObject({ id: code.id, name: '撤销的码', configId: code.configId })
    expect(await listedIds(c)).toContain(code.id)
    expect(c.runtime().sandbox.control.contactWay(code.configId)).toBeDefined()
    expect(await c.relayPolicies()).toBe(1)
    expect(c.delCalls()).toBe(0)
    // Undone means no delete is left pending: the restored code can be edited and deleted again.
    expect((await rejection(c.h.undoDeleteCode({ id: code.id }))).code).toBe('NOT_FOUND')
  })

  it('deletes the way and the policy once the window has passed, and then refuses 撤销', async () => {
    const c = await start(tempWorkspace(), { deleteUndoMs: 200 })
    const code = await c.h.createCode(demoCode('到期删除'))
    const scan = await c.h.simulateScan({ id: code.id, customerName: '删前客户' })
    await syncNow(c)
    await c.h.deleteCode({ id: code.id })

    // The delete timer fires on its own when the window ends.
    await waitFor(() => c.runtime().sandbox.control.contactWay(code.configId) === undefined)
    await waitFor(async () => (await c.relayPolicies()) === 0)
    expect(c.delCalls()).toBe(1)

    const late = await rejection(c.h.undoDeleteCode({ id: code.id }))
    expect(late.code).toBe('CONFLICT')
    expect(late.message).toBe('已超过撤销时间，活码已在企业微信中删除')
    // Soft delete as before: the deleted code's statistics and customers stay readable.
    expect((await c.h.getCodeStats({ id: code.id })).cumulative).toBe(1)
    const customers = await c.h.listCodeCustomers({ id: code.id, status: 'all', page: 1, pageSize: 10 })
    expect(customers.items.map((i) => i.externalUserid)).toEqual([scan.externalUserid])
    // Its name is free for a new code.
    await c.h.createCode(demoCode('到期删除'))
  })

  it('survives a restart inside the window and is carried out exactly once after it', async () => {
    const dir = tempWorkspace()
    const clock = movableClock()
    const first = await start(dir, { deleteUndoMs: WINDOW_MS, now: clock.now })
    const code = await first.h.createCode(demoCode('重启前删除'))
    await first.h.deleteCode({ id: code.id })
    await closeCore(first)
    expect(first.delCalls()).toBe(0)

    // Reopened inside the window: still hidden, still in WeCom, and 撤销 still possible.
    const second = await start(dir, { deleteUndoMs: WINDOW_MS, now: clock.now })
    expect(await listedIds(second)).not.toContain(code.id)
    expect(second.runtime().sandbox.control.contactWay(code.configId)).toBeDefined()
    expect(await second.relayPolicies()).toBe(1)
    await closeCore(second)
    expect(second.delCalls()).toBe(0)

    // Reopened after the window: the start carries it out.
    clock.advance(WINDOW_MS + 1000)
    const third = await start(dir, { deleteUndoMs: WINDOW_MS, now: clock.now })
    await waitFor(() => third.runtime().sandbox.control.contactWay(code.configId) === undefined)
    await waitFor(async () => (await third.relayPolicies()) === 0)
    expect(await listedIds(third)).not.toContain(code.id)
    await syncNow(third)
    await closeCore(third)
    expect(third.delCalls()).toBe(1)

    // Nothing is left to do on the next start.
    const fourth = await start(dir, { deleteUndoMs: WINDOW_MS, now: clock.now })
    await syncNow(fourth)
    expect(fourth.delCalls()).toBe(0)
    expect((await rejection(fourth.h.undoDeleteCode({ id: code.id }))).message).toBe(
      '已超过撤销时间，活码已在企业微信中删除',
    )
  })

  it('keeps a delete WeCom did not confirm pending, and the next sync finishes it', async () => {
    const clock = movableClock()
    const c = await start(tempWorkspace(), { deleteUndoMs: WINDOW_MS, now: clock.now })
    const code = await c.h.createCode(demoCode('离线时删除'))
    await c.h.deleteCode({ id: code.id })
    clock.advance(WINDOW_MS + 1000)

    // Past the window but not carried out yet: too late to undo, and it says so.
    const late = await rejection(c.h.undoDeleteCode({ id: code.id }))
    expect(late.message).toContain('已超过撤销时间')

    // WeCom deletes the way but the answer is lost (an error after the effect).
    const control = c.runtime().sandbox.control
    control.injectFault({
      path: '/cgi-bin/externalcontact/del_contact_way',
      errcode: 48002,
      afterEffect: true,
    })
    await syncNow(c)
    expect(c.delCalls()).toBe(1)
    expect(await c.relayPolicies()).toBe(1)
    expect(await listedIds(c)).not.toContain(code.id)

    // The retry finds the way already gone (41044), which counts as done; then the policy goes.
    await syncNow(c)
    expect(c.delCalls()).toBe(2)
    expect(control.contactWay(code.configId)).toBeUndefined()
    await waitFor(async () => (await c.relayPolicies()) === 0)
    await syncNow(c)
    expect(c.delCalls()).toBe(2)
  })
})
