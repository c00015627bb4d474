// The pending-deletes repository on its own: the undo window's edges, a relay push held back, and a
// name taken during the window.

import { describe, expect, it } from 'vitest'
import { DuplicateCodeNameError, openDatabase } from '../../main/db'
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
