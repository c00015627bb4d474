// The sync service's promises: an interrupted sync leaves the database consistent and the next one
// finishes with exact counts; runs are single-flight; offline, every read still answers from SQLite
// and sync says it is offline and when it last succeeded.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNC_KEYS } from '../../main/db'
import type { Code, SyncStatus } from '../../common/domain'
import { codeInput, startWorld, usableMembers, type World } from './services-harness'

const PAGE = 5

describe('sync', () => {
  let world: World
  let code: Code
  let member: string

  beforeAll(async () => {
    world = await startWorld({ eventsPageSize: PAGE })
    expect((await world.sync.run()).lastError).toBeNull()
    member = usableMembers(world.db)[0]!
    code = await world.codes.create(codeInput({ name: '中断测试', memberUserids: [member] }), '王经理')
  })
  afterAll(async () => {
    await world?.close()
  })

  it('an interrupted sync keeps whole pages applied, and the next one resumes without double counting', async () => {
    const cursorBefore = world.db.syncState.getNumber(SYNC_KEYS.relayCursor) ?? 0
    for (let i = 0; i < 12; i++)
      await world.sandbox.control.scan({ state: code.state }, { customerName: `断点${i}` })
    let seen = 0
    world.faults.beforeApplyEvent = () => {
      seen += 1
      if (seen === PAGE + 3) throw new Error('power cut (injected)')
    }
    let status: SyncStatus
    try {
      status = await world.sync.run()
    } finally {
      delete world.faults.beforeApplyEvent
    }
    expect(status.phase).toBe('error')
    expect(status.lastOutcome).toBe('partial')
    expect(status.lastError).toContain('injected')
    // The first page committed with its cursor; the broken page left no trace.
    expect(world.db.syncState.getNumber(SYNC_KEYS.relayCursor)).toBe(cursorBefore + PAGE)
    expect(world.db.events.listUnapplied()).toEqual([])
    // The WeCom side still ran: reconcile counted the adds whose events were not applied.
    expect(world.db.relations.counts(code.id)).toEqual({ cumulative: 12, lost: 0, current: 12 })

    const again = await world.sync.run()
    expect(again.lastError).toBeNull()
    expect(world.db.relations.counts(code.id)).toEqual({ cumulative: 12, lost: 0, current: 12 })
    expect(world.db.syncState.getNumber(SYNC_KEYS.relayCursor)).toBe(cursorBefore + 12)
    // And once more: nothing moves.
    await world.sync.run()
    expect(world.db.relations.counts(code.id)).toEqual({ cumulative: 12, lost: 0, current: 12 })
  })

  it('a second run while one is running joins it', async () => {
    const progress: string[] = []
    const first = world.sync.run((s) => progress.push(s.phase))
    const second = world.sync.run()
    expect(world.sync.status().running).toBe(true)
    const [a, b] = await Promise.all([first, second])
    expect(a).toBe(b)
    expect(progress).toEqual(
      expect.arrayContaining(['events', 'members', 'tags', 'codes', 'customers', 'done']),
    )
  })

  it('reconcile catches adds the relay never saw and deletions by the member', async () => {
    // A scan while the relay's callback URL is gone: only WeCom's lists know about it.
    world.sandbox.control.setCallbackUrl(null)
    const hidden = await world.sandbox.control.scan({ state: code.state }, { customerName: '无回调客户' })
    world.sandbox.control.setCallbackUrl(world.relayUrl + '/callback/customerEvent/' + world.sandbox.corpId)
    await world.sync.run()
    expect(world.db.relations.get(code.id, hidden.externalUserid, member)?.status).toBe('current')
    expect(world.db.customers.get(hidden.externalUserid)?.name).toBe('无回调客户')

    world.sandbox.control.setCallbackUrl(null)
    await world.sandbox.control.memberDeletesCustomer(member, hidden.externalUserid)
    world.sandbox.control.setCallbackUrl(world.relayUrl + '/callback/customerEvent/' + world.sandbox.corpId)
    await world.sync.run()
    const relation = world.db.relations.get(code.id, hidden.externalUserid, member)
    expect(relation).toMatchObject({ status: 'lost', lostReason: 'member_deleted_customer' })
    expect(world.db.relations.counts(code.id)).toEqual({ cumulative: 13, lost: 1, current: 12 })
  })

  it('offline: reads answer from SQLite and sync reports offline with the last success', async () => {
    const lastSuccessAt = world.sync.status().lastSuccessAt
    expect(lastSuccessAt).not.toBeNull()
    await world.goOffline()

    expect(world.codes.list({ page: 1, pageSize: 10 }).total).toBeGreaterThan(0)
    expect(world.codes.get(code.id).name).toBe('中断测试')
    expect(world.db.relations.counts(code.id).cumulative).toBe(13)
    expect(world.db.relations.listCustomers(code.id, 'current', 1, 10).total).toBe(12)
    expect(world.db.relations.perMember(code.id)[0]).toMatchObject({ userid: member, cumulative: 13 })

    const status = await world.sync.run()
    expect(status).toMatchObject({ running: false, phase: 'error', online: false, lastSuccessAt })
    expect(status.lastError).toContain('离线')
    expect(status.lastError).toContain('上次成功同步于')
    // Still readable after the failed sync.
    expect(world.db.relations.counts(code.id).cumulative).toBe(13)
  })
})
