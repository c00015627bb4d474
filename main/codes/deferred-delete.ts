// Undoable deletes. A delete the manager confirmed hides the code at once and is recorded with its due
// time (pending_deletes); only when the undo window has passed is the WeCom way deleted and then the
// relay policy. The record is removed only after WeCom confirmed, so an app closed or offline inside or
// after the window carries the delete out later — once: delContactWay resolves on 41044 (already
// gone), so even a crash between WeCom's answer and the local commit only repeats a harmless call.

import { AppError } from '../../common/bridge-result'
import type { AppDatabase, StoredCode, UndoOutcome } from '../db'
import { DuplicateCodeNameError } from '../db/errors'
import type { WeComClient } from '../../wecom/types'

export const DEFAULT_DELETE_UNDO_MS = 5000

export interface DeferredDeleteDeps {
  db: Pick<AppDatabase, 'codes' | 'pendingDeletes'>
  wecom: () => Pick<WeComClient, 'delContactWay'>
  /** Pushes the code's relay state (the policy's removal once WeCom is done). */
  push: (code: StoredCode) => Promise<StoredCode>
  undoMs: number
  now: () => number
  log: (message: string, detail?: unknown) => void
}

export interface CarryOutResult {
  done: number
  /** Still pending (WeCom unreachable or refusing): retried by the timer and the next sync. */
  failed: number
  error: unknown
}

export interface DeferredDeletes {
  /** Hides the code and schedules its delete; returns when the undo window ends (epoch ms). */
  request(id: number): { undoUntil: number }
  /** Brings the code back while its window lasts. */
  undo(id: number): StoredCode
  /** Carries out every delete whose window has passed. Concurrent calls share one run. */
  carryOutDue(): Promise<CarryOutResult>
}

const NOT_FOUND = '找不到这个活码，它可能已被删除。请刷新列表。'

export function createDeferredDeletes(deps: DeferredDeleteDeps): DeferredDeletes {
  let running: Promise<CarryOutResult> | null = null

  const carryOutOne = async (codeId: number): Promise<void> => {
    const code = deps.db.codes.get(codeId, { includeDeleted: true })
    if (code) await deps.wecom().delContactWay(code.configId)
    deps.db.pendingDeletes.complete(codeId, deps.now())
    const deleted = deps.db.codes.get(codeId, { includeDeleted: true })
    if (deleted) await deps.push(deleted)
  }

  const run = async (): Promise<CarryOutResult> => {
    const result: CarryOutResult = { done: 0, failed: 0, error: null }
    for (const pending of deps.db.pendingDeletes.listDue(deps.now())) {
      try {
        await carryOutOne(pending.codeId)
        result.done += 1
      } catch (error) {
        // Kept pending: the code stays hidden and the next attempt deletes it.
        result.failed += 1
        result.error ??= error
        deps.log(`deleting the contact way of code ${pending.codeId} failed; kept pending`, error)
      }
    }
    return result
  }

  return {
    request(id) {
      const at = deps.now()
      const undoUntil = at + deps.undoMs
      if (!deps.db.pendingDeletes.schedule(id, at, undoUntil)) throw new AppError('NOT_FOUND', NOT_FOUND)
      return { undoUntil }
    },

    undo(id) {
      let outcome: UndoOutcome
      try {
        outcome = deps.db.pendingDeletes.undo(id, deps.now())
      } catch (error) {
        if (!(error instanceof DuplicateCodeNameError)) throw error
        throw new AppError(
          'VALIDATION',
          `无法恢复：已有另一个名为「${error.codeName}」的活码。请先给那个活码改名，再重新创建这个活码。`,
        )
      }
      if (outcome === 'expired')
        throw new AppError('CONFLICT', '已超过撤销时间，活码正在从企业微信中删除，无法再恢复')
      if (outcome === 'unknown' && isDeleted(deps, id))
        throw new AppError('CONFLICT', '已超过撤销时间，活码已在企业微信中删除')
      if (outcome === 'unknown') throw new AppError('NOT_FOUND', NOT_FOUND)
      const code = deps.db.codes.get(id)
      if (!code) throw new AppError('NOT_FOUND', NOT_FOUND)
      return code
    },

    carryOutDue() {
      running ??= run().finally(() => {
        running = null
      })
      return running
    },
  }
}

function isDeleted(deps: DeferredDeleteDeps, id: number): boolean {
  return (deps.db.codes.get(id, { includeDeleted: true })?.deletedAt ?? null) !== null
}
