// The codes service: create, edit and delete live codes in WeCom and locally without leaving anything
// half-made, and keep the relay's policy in step.
//
// Failure policy (pinned by tests/integration/services-codes.test.ts):
//  - validation first: nothing reaches WeCom while a field is wrong;
//  - WeCom refuses → nothing was made, the error (member errcodes mapped to the 使用人员 field) surfaces;
//  - the local write fails after WeCom made the way → the way is deleted again (compensation), rethrow;
//  - the relay push fails → the code is kept with relay_state 'pending' and the next sync retries it.

import { AppError } from '../../common/bridge-result'
import type { Code, CodeListPage, SkippedCode } from '../../common/domain'
import type { RichCodeInput } from '../../common/rich-welcome'
import type { CodeListQuery } from '../../common/schemas'
import { DuplicateCodeNameError } from '../db/errors'
import type { StoredCode } from '../db/repos/codes'
import type { CodesDeps } from './ports'
import { pushPending, tryPush, type PendingResult } from './relay-push'
import { newState } from './state'
import { duplicateNameMessage, validateCodeInput } from './validate'
import { needsNewWay, skipVerifyAt, WAY_TYPE, wayInput, wayUpdate } from '../../wecom/way'
import { withMemberField } from './wecom-fields'
import { addWayOnce } from './add-way'
import { importFromWeCom, type ImportResult } from './import'
import { rememberOrphan } from './orphans'
import { cacheMissingQr, qrContentOf, tryCacheQr, type QrCacheResult } from './qr-content'
import { createDeferredDeletes, DEFAULT_DELETE_UNDO_MS, type CarryOutResult } from './deferred-delete'

export interface CodesService {
  create(input: RichCodeInput, creator: string): Promise<Code>
  /** replaceQr: the manager agreed to a new QR where the edit needs a new way (CONFIRM_REQUIRED otherwise). */
  update(id: number, input: RichCodeInput, options?: { replaceQr?: boolean }): Promise<Code>
  /** Deletes at once: the WeCom way, then locally, then the relay policy. */
  remove(id: number): Promise<void>
  /** Hides the code now; its way and policy go when the undo window has passed (deferred-delete.ts). */
  requestDelete(id: number): { undoUntil: number }
  /** Brings back a code whose delete is still inside its undo window. */
  undoDelete(id: number): Promise<Code>
  /** Carries out the deletes whose window has passed (the delete timer and sync's WeCom side). */
  carryOutDueDeletes(): Promise<CarryOutResult>
  /** When the next pending delete falls due (only those due after `after`, when given; null: none). */
  nextDeleteDueAt(after?: number): number | null
  get(id: number): Code
  list(query: CodeListQuery): CodeListPage
  listCreators(): string[]
  importFromWeCom(onProgress?: (done: number, total: number) => void): Promise<ImportResult>
  /** Retries relay pushes and deletions left pending (sync's 'codes' phase and the retry timer). */
  pushPending(onProgress?: (done: number, total: number) => void): Promise<PendingResult>
  pendingPushes(): number
  /** The URL inside a code's QR (deleted codes too): cached, or read now (fails offline). */
  qrContent(id: number): Promise<{ name: string; content: string }>
  /** For a batch: what can be rendered, and the codes left out because their QR cannot be read. */
  qrContents(
    ids: number[],
  ): Promise<{ items: { id: number; name: string; content: string }[]; skipped: SkippedCode[] }>
  cacheMissingQr(onProgress?: (done: number, total: number) => void): Promise<QrCacheResult>
}

export function createCodesService(deps: CodesDeps): CodesService {
  const now = deps.now ?? Date.now
  const log = deps.log ?? (() => {})
  const timeZone = () => deps.settings().timeZone
  const pushDeps = {
    codes: deps.db.codes,
    relay: deps.relay,
    log,
    ...(deps.routingOf ? { routingOf: deps.routingOf } : {}),
  }
  const qrDeps = { codes: deps.db.codes, readQr: deps.readQr }
  /** Pushes now; a failure leaves it pending and schedules a retry. */
  const push = async (code: StoredCode): Promise<StoredCode> => {
    const after = await tryPush(code, pushDeps)
    if (after.relayState === 'pending') deps.onPushPending?.()
    return after
  }
  const deferred = createDeferredDeletes({
    db: deps.db,
    wecom: deps.wecom,
    push,
    undoMs: deps.deleteUndoMs ?? DEFAULT_DELETE_UNDO_MS,
    now,
    log,
  })
  const retire = (id: number, old: StoredCode, at: number) => {
    deps.db.codes.retireQr(id, old, at)
    return deps.db.codes.get(id)?.qrHistory ?? []
  }
  const storedOrThrow = (id: number): StoredCode => {
    const code = deps.db.codes.get(id, { includeDeleted: true })
    if (!code) throw new AppError('NOT_FOUND', '找不到这个活码，它可能已被删除。请刷新列表。')
    return code
  }

  const mustGet = (id: number): StoredCode => {
    const code = deps.db.codes.get(id)
    if (!code) throw new AppError('NOT_FOUND', '找不到这个活码，它可能已被删除。请刷新列表。')
    return code
  }

  /** A state no local code (deleted ones included) has used, so old events never leak into a new code. */
  const freshState = (): string => {
    for (;;) {
      const state = newState(now())
      if (!deps.db.codes.getByState(state)) return state
    }
  }

  const localWriteError = (error: unknown, name: string): unknown =>
    error instanceof DuplicateCodeNameError
      ? new AppError('VALIDATION', duplicateNameMessage(name), { name: duplicateNameMessage(name) })
      : error

  const compensateDelete = async (configId: string) => {
    try {
      await deps.wecom().delContactWay(configId)
    } catch (error) {
      // Remembered so the next sync deletes it (and the import does not bring it back as a code).
      rememberOrphan(deps.db.syncState, configId)
      log(`compensation failed: contact way ${configId} left in WeCom until the next sync`, error)
    }
  }

  return {
    async create(input, creator) {
      validateCodeInput(input, deps.db, undefined, deps.settings().defaultWelcome)
      const name = input.name.trim()
      const state = freshState()
      const at = now()
      let way: { config_id: string; qr_code: string }
      try {
        way = await addWayOnce(deps.wecom(), wayInput({ ...input, name, state }, at, timeZone()), { now })
      } catch (error) {
        throw withMemberField(error)
      }
      let code: StoredCode
      try {
        code = deps.db.codes.insert({
          configId: way.config_id,
          state,
          name,
          qrUrl: way.qr_code,
          creator,
          createdAt: at,
          origin: 'app',
          relayState: 'pending',
          memberUserids: input.memberUserids,
          tagIds: input.tagIds,
          welcome: input.welcome,
          autoAccept: input.autoAccept,
          ...(input.rich ? { rich: input.rich } : {}),
        })
      } catch (error) {
        await compensateDelete(way.config_id)
        throw localWriteError(error, name)
      }
      // Kept for offline use from the start: the QR downloads and prints without the network later.
      await tryCacheQr(qrDeps, code)
      return bridgeCode(await push(code))
    },

    async update(id, input, options = {}) {
      const existing = mustGet(id)
      validateCodeInput(input, deps.db, id, deps.settings().defaultWelcome)
      const name = input.name.trim()
      // The state is the code's identity (events and follow_info carry it): it never changes. An
      // imported code without one stays untracked; its edits still reach WeCom.
      const state = existing.state
      const at = now()
      const wish = { ...input, name, state, partyIds: existing.partyIds }
      const wecom = deps.wecom()
      // Every code this app makes is type 2 and is edited in place: its config_id and QR never change.
      // Only a type-1 way made elsewhere cannot grow past one member; that needs a new way, a new QR.
      const wayType: 1 | 2 =
        existing.wayType ??
        (input.memberUserids.length === 1
          ? 2 // any type takes one member: no need to ask
          : (await wecom.getContactWay(existing.configId)).type === 1
            ? 1
            : 2)
      const replace = needsNewWay(wayType, input.memberUserids)
      if (replace && !options.replaceQr) {
        throw new AppError(
          'CONFIRM_REQUIRED',
          `「${existing.name}」是企业微信里的单人活码，只能有一名使用人员。改成 ${input.memberUserids.length} 人需要换一个新的二维码，已印出的旧二维码将不能再添加员工（旧二维码会记录在活码的历史中）。确定要换新二维码吗？`,
        )
      }
      let configId = existing.configId
      let qrUrl = existing.qrUrl
      try {
        if (replace) {
          const way = await addWayOnce(wecom, wayInput({ ...wish, partyIds: [] }, at, timeZone()), {
            now,
            ignoreConfigId: existing.configId,
          })
          configId = way.config_id
          qrUrl = way.qr_code
        } else {
          await wecom.updateContactWay(
            wayUpdate(configId, wish, skipVerifyAt(wish.autoAccept, at, timeZone())),
          )
        }
      } catch (error) {
        throw withMemberField(error)
      }
      let code: StoredCode
      try {
        code = deps.db.codes.update(id, {
          name,
          configId,
          qrUrl,
          ...(replace ? { qrContent: null, wayType: WAY_TYPE } : {}),
          ...(!replace && existing.wayType === null && input.memberUserids.length !== 1 ? { wayType } : {}),
          memberUserids: input.memberUserids,
          tagIds: input.tagIds,
          welcome: input.welcome,
          autoAccept: input.autoAccept,
          ...(input.rich ? { rich: input.rich } : {}),
          relayState: 'pending',
          updatedAt: at,
        })
        // The old QR is kept in the code's history: printed copies of it no longer add anyone.
        if (replace) code = { ...code, qrHistory: retire(id, existing, at) }
      } catch (error) {
        if (replace) await compensateDelete(configId)
        else await restoreWay(existing, deps, at, timeZone(), log)
        throw localWriteError(error, name)
      }
      if (replace) {
        await compensateDelete(existing.configId)
        await tryCacheQr(qrDeps, code)
      }
      return bridgeCode(await push(code))
    },

    async remove(id) {
      const existing = mustGet(id)
      // delContactWay resolves on 41044 (already gone), so a code deleted in the console still goes.
      await deps.wecom().delContactWay(existing.configId)
      deps.db.codes.softDelete(id, now())
      const deleted = deps.db.codes.get(id, { includeDeleted: true })
      if (deleted) await push(deleted)
    },

    requestDelete(id) {
      const scheduled = deferred.request(id)
      deps.onDeletesChanged?.()
      return scheduled
    },

    async undoDelete(id) {
      const restored = deferred.undo(id)
      deps.onDeletesChanged?.()
      // An edit the relay had not confirmed before the delete was held back meanwhile: send it now.
      return bridgeCode(restored.relayState === 'pending' ? await push(restored) : restored)
    },

    carryOutDueDeletes: () => deferred.carryOutDue(),
    nextDeleteDueAt: (after) => deps.db.pendingDeletes.nextDueAt(after),

    get: (id) => bridgeCode(mustGet(id)),
    list: (input) => deps.db.codes.list(input),
    listCreators: () => deps.db.codes.listCreators(),
    importFromWeCom: (onProgress) => importFromWeCom(deps, onProgress),
    pushPending: (onProgress) => pushPending(pushDeps, onProgress),
    pendingPushes: () => deps.db.codes.pendingRelayCount(),
    async qrContent(id) {
      const code = storedOrThrow(id)
      return { name: code.name, content: await qrContentOf(qrDeps, code) }
    },
    async qrContents(ids) {
      const items: { id: number; name: string; content: string }[] = []
      const skipped: SkippedCode[] = []
      for (const id of ids) {
        const code = storedOrThrow(id)
        try {
          items.push({ id, name: code.name, content: await qrContentOf(qrDeps, code) })
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'OFFLINE') throw error
          skipped.push({ id, name: code.name })
        }
      }
      return { items, skipped }
    },
    cacheMissingQr: (onProgress) => cacheMissingQr(qrDeps, onProgress),
  }
}

/** Puts the way back as it was before a failed edit, so WeCom and the local row agree again. */
async function restoreWay(
  existing: StoredCode,
  deps: CodesDeps,
  at: number,
  timeZone: string,
  log: (message: string, detail?: unknown) => void,
): Promise<void> {
  try {
    await deps
      .wecom()
      .updateContactWay(
        wayUpdate(existing.configId, existing, skipVerifyAt(existing.autoAccept, at, timeZone)),
      )
  } catch (error) {
    log(`could not restore contact way ${existing.configId} after a failed edit`, error)
  }
}

/** A stored code as it crosses the bridge: without what only main needs. */
export function bridgeCode(code: StoredCode): Code {
  const { qrContent: _qrContent, deletedAt: _deletedAt, partyIds: _partyIds, ...rest } = code
  return rest
}
