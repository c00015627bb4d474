// The pending-deletes repository and the delete timer on their own: the undo window's edges, a name
// taken during the window, and the timer's schedule (due now, later, retry after a failure) under
// fake timers instead of waiting.

import { afterEach, describe, expect, it, vi } from 'vitest'
import { DuplicateCodeNameError, openDatabase } from '../../main/db'
import { createDeleteTimer } from '../../main/codes/delete-timer'
import { newCode, tempDbFile } from './db-fixtures'

describe('pending deletes', () => {
  it('hides the code, restores it only before the due time, and completes into a relay push', () => {
    const db = openDatabase(tempDbFile())
    const code = db.codes.insert(newCode({ relayState: 'synced' }))
    expect(db.pendingDeletes.schedule(code.id, 1000, 6000)).toBe(true)
    expect(db.pendingDeletes.schedule(code.id, 1000, 6000)).toBe(false)
    expect(db.codes.list({ page: 1, pageSize: 10 }).total).toBe(0)
    expect(db.codes.get(code.id, { includeDeleted: true })?.relayState).toBe('synced')
    expect(db.pendingDeletes.listDue(5999)).toEqual([])
    expect(db.pendingDeletes.listDue(6000).map((p) => p.codeId)).toEqual([code.id])
    expect(db.pendingDeletes.undo(code.id, 6000)).toBe('expired')
    expect(db.pendingDeletes.nextDueAt()).toBe(6000)
    expect(db.pendingDeletes.nextDueAt(6000)).toBeNull()

    db.pendingDeletes.complete(code.id, 7000)
    expect(db.pendingDeletes.get(code.id)).toBeNull()
    expect(db.pendingDeletes.undo(code.id, 7000)).toBe('unknown')
    const deleted = db.codes.get(code.id, { includeDeleted: true })
    expect(deleted).toMatchObject({ deletedAt: 1000, relayState: 'pending', updatedAt: 7000 })
    expect(db.codes.listPendingRelay().map((c) => c.id)).toEqual([code.id])
    db.close()
  })

  it('holds back a pending relay push during the window and refuses a restore onto a taken name', () => {
    const db = openDatabase(tempDbFile())
    const code = db.codes.insert(newCode({ name: '同名', relayState: 'pending' }))
    db.pendingDeletes.schedule(code.id, 1000, 6000)
    expect(db.codes.listPendingRelay()).toEqual([])
    expect(db.codes.pendingRelayCount()).toBe(0)
    db.codes.insert(newCode({ name: '同名' }))
    expect(() => db.pendingDeletes.undo(code.id, 2000)).toThrow(DuplicateCodeNameError)
    // Nothing changed: the delete is still pending and the code still hidden.
    expect(db.pendingDeletes.get(code.id)?.dueAt).toBe(6000)
    expect(db.codes.get(code.id)).toBeNull()
    db.close()
  })
})

describe('delete timer', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('fires at the earliest due time, retries after a failure, and stops cleanly', async () => {
    vi.useFakeTimers({ now: 0 })
    let due: number[] = [5000]
    let fail = false
    const runs: number[] = []
    const timer = createDeleteTimer({
      nextDueAt: (after) => {
        const later = due.filter((d) => after === undefined || d > after)
        return later.length ? Math.min(...later) : null
      },
      carryOutDue: async () => {
        runs.push(Date.now())
        if (fail) return { failed: due.filter((d) => d <= Date.now()).length }
        due = due.filter((d) => d > Date.now())
        return { failed: 0 }
      },
      now: () => Date.now(),
      retryMs: 30_000,
    })
    timer.kick()
    await vi.advanceTimersByTimeAsync(4999)
    expect(runs).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(runs).toEqual([5000])

    // WeCom unreachable: retried after retryMs, but a newer delete's own due time still counts.
    fail = true
    due = [6000, 20_000]
    timer.kick()
    await vi.advanceTimersByTimeAsync(1000)
    expect(runs).toEqual([5000, 6000])
    await vi.advanceTimersByTimeAsync(14_000)
    expect(runs).toEqual([5000, 6000, 20_000])
    fail = false
    await vi.advanceTimersByTimeAsync(29_999)
    expect(runs).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(1)
    expect(runs).toEqual([5000, 6000, 20_000, 50_000])
    expect(due).toEqual([])

    due = [60_000]
    timer.kick()
    await timer.stop()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(runs).toHaveLength(4)
  })
})
