// Deletes inside their undo window, or due and not yet confirmed by WeCom (see migration 9). Each
// step that changes a code's visibility and its pending row does both in one transaction, so a crash
// never leaves a hidden code without the promise to delete it, or a restored code still scheduled.

import { DuplicateCodeNameError, sqliteCode } from '../errors'
import type { Sql } from '../sql'

export interface PendingDelete {
  codeId: number
  requestedAt: number
  dueAt: number
}

export type UndoOutcome = 'restored' | 'expired' | 'unknown'

export interface PendingDeletesRepo {
  /** Hides the live code and records its delete as due at dueAt. False when there is no live code. */
  schedule(codeId: number, at: number, dueAt: number): boolean
  /**
   * Brings the code back while now is before its due time. 'expired' once the window has passed
   * (the delete is under way or done), 'unknown' when no delete of this code is pending.
   * Throws DuplicateCodeNameError when a live code took its name meanwhile.
   */
  undo(codeId: number, now: number): UndoOutcome
  /** Deletes whose window has passed (due_at <= now), oldest first. */
  listDue(now: number): PendingDelete[]
  get(codeId: number): PendingDelete | null
  /** The earliest due time of a pending delete (only those due after `after`, when given), or null. */
  nextDueAt(after?: number): number | null
  /**
   * WeCom has deleted the way: the row goes and the code's relay policy becomes due for removal
   * (relay_state 'pending', picked up by the relay push).
   */
  complete(codeId: number, at: number): void
}

interface Row {
  code_id: number
  requested_at: number
  due_at: number
}

const fromRow = (row: Row): PendingDelete => ({
  codeId: row.code_id,
  requestedAt: row.requested_at,
  dueAt: row.due_at,
})

export function createPendingDeletesRepo(sql: Sql): PendingDeletesRepo {
  return {
    schedule(codeId, at, dueAt) {
      return sql.tx(() => {
        // updated_at and relay_state are left alone: nothing has changed for the relay yet.
        const hidden = sql.run('UPDATE codes SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', [
          at,
          codeId,
        ])
        if (hidden.changes === 0) return false
        sql.run('INSERT INTO pending_deletes (code_id, requested_at, due_at) VALUES (?, ?, ?)', [
          codeId,
          at,
          dueAt,
        ])
        return true
      })
    },

    undo(codeId, now) {
      return sql.tx(() => {
        const row = sql.one<Row>('SELECT * FROM pending_deletes WHERE code_id = ?', [codeId])
        if (!row) return 'unknown'
        if (row.due_at <= now) return 'expired'
        sql.run('DELETE FROM pending_deletes WHERE code_id = ?', [codeId])
        try {
          sql.run('UPDATE codes SET deleted_at = NULL WHERE id = ?', [codeId])
        } catch (error) {
          // The live-name unique index: another code was given this name during the window.
          if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') {
            const name = sql.one<{ name: string }>('SELECT name FROM codes WHERE id = ?', [codeId])?.name
            throw new DuplicateCodeNameError(name ?? '')
          }
          throw error
        }
        return 'restored'
      })
    },

    listDue: (now) =>
      sql
        .all<Row>('SELECT * FROM pending_deletes WHERE due_at <= ? ORDER BY due_at, code_id', [now])
        .map(fromRow),

    get(codeId) {
      const row = sql.one<Row>('SELECT * FROM pending_deletes WHERE code_id = ?', [codeId])
      return row ? fromRow(row) : null
    },

    nextDueAt: (after) =>
      sql.one<{ at: number | null }>('SELECT min(due_at) AS at FROM pending_deletes WHERE due_at > ?', [
        after ?? -1,
      ])?.at ?? null,

    complete(codeId, at) {
      sql.tx(() => {
        sql.run('DELETE FROM pending_deletes WHERE code_id = ?', [codeId])
        sql.run("UPDATE codes SET relay_state = 'pending', updated_at = ? WHERE id = ?", [at, codeId])
      })
    },
  }
}
