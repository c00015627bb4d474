// The codes service with the corp's shared registry around it. Every change reaches the relay's
// registry through its version check before WeCom is touched, so a stale edit never overwrites
// another manager's: a 409 keeps both versions for the conflict screen. With the relay unreachable,
// edits and deletes are kept here and queued in the outbox (待同步 N), sent in order when it is back.
// Creating needs WeCom (the way and its QR come from it), so an offline create is refused; a create
// whose registry push fails is queued (its key, the new state, is unique, so that is safe).

import { AppError } from '../../common/bridge-result'
import { wecomOffline } from './offline'
import type { Code } from '../../common/domain'
import type { RegistryRecord } from '../../common/relay-api'
import type { CodeInput } from '../../common/schemas'
import type { RichCodeInput } from '../../common/rich-welcome'
import { bridgeCode, type CodesService } from '../codes/service'
import { validateCodeInput } from '../codes/validate'
import type { WorkspaceSettings } from '../codes/ports'
import { codeKeyOf, inputOf, recordAfter, recordOf } from './record'
import { createRegistryRepo, type RegistryConflict } from './repo'
import { authorOf, drainOutbox, pullRegistry, pushChange, raiseConflict, type RegistrySyncDeps } from './sync'

export type ConflictChoice = { keep: 'mine' } | { keep: 'theirs' } | { keep: 'merged'; input: CodeInput }

export interface CodeConflict {
  id: number
  name: string
  conflict: RegistryConflict
}

export interface RegistryCodes extends CodesService {
  /** Sends the outbox, then pulls and merges what other desktops changed. */
  syncRegistry(): Promise<{ merged: number; conflicts: number; error: unknown }>
  conflicts(): CodeConflict[]
  resolveConflict(id: number, choice: ConflictChoice): Promise<Code | null>
  outboxCount(): number
}

export const OFFLINE_CREATE =
  '离线时不能新建活码：新建需要连接企业微信生成二维码。请恢复网络后再试；已有活码的编辑和删除可以离线进行，恢复后会自动同步。'

export function withRegistry(
  inner: CodesService,
  deps: Omit<RegistrySyncDeps, 'repo' | 'inner'> & { settings: () => WorkspaceSettings },
): RegistryCodes {
  const repo = createRegistryRepo(deps.db.sqlite)
  const sync: RegistrySyncDeps = { ...deps, repo, inner }
  const { db, now } = deps
  // One outbox drain or pull at a time (a sync and the retry timer may both ask), in call order.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run)
    queue = next.catch(() => {})
    return next
  }
  const drain = () => serial(() => drainOutbox(sync))

  const linkOf = (id: number) => {
    const code = db.codes.get(id, { includeDeleted: true })
    if (!code) throw new AppError('NOT_FOUND', '找不到这个活码，它可能已被删除。请刷新列表。')
    return { code, link: repo.ensure(id, codeKeyOf(code)) }
  }

  const deletedElsewhere = (name: string, who: string) =>
    new AppError('CONFLICT', `「${name}」已被${who || '其他管理员'}删除，你的修改没有保存。`)

  /** Keeps an edit here and queues it for the relay (and WeCom) when they are back. */
  const keepOffline = (id: number, input: RichCodeInput): Code => {
    const { code, link } = linkOf(id)
    if (code.wayType === 1 && input.memberUserids.length > 1)
      throw new AppError('OFFLINE', '这次修改需要换新的二维码，离线时无法完成。请恢复网络后再试。')
    validateCodeInput(input, db, id, deps.settings().defaultWelcome)
    const at = now()
    const updated = db.transaction(() => {
      const saved = db.codes.update(id, {
        name: input.name.trim(),
        memberUserids: input.memberUserids,
        tagIds: input.tagIds,
        welcome: input.welcome,
        autoAccept: input.autoAccept,
        ...(input.rich ? { rich: input.rich } : {}),
        updatedAt: at,
      })
      repo.outbox.add(id, 'edit', recordOf(saved, link.doc), at)
      return saved
    })
    return bridgeCode(updated)
  }

  const queueAndDrain = async (id: number, kind: 'create' | 'delete', doc: RegistryRecord | null) => {
    repo.outbox.add(id, kind, doc, now())
    await drain().catch((error: unknown) => deps.log('registry outbox drain failed', error))
  }

  /** Codes the registry has not heard of go to it as creates (imports: creator 导入). */
  const queueUnlinked = () => {
    for (const { id } of repo.unlinked()) {
      const code = db.codes.get(id)
      if (!code) continue
      repo.ensure(id, codeKeyOf(code))
      repo.outbox.add(id, 'create', recordOf(code, null), now())
    }
  }

  const pushDeletes = async () => {
    for (const id of repo.untombstonedDeletes()) await queueAndDrain(id, 'delete', null)
  }

  const update = async (
    id: number,
    input: RichCodeInput,
    options: { replaceQr?: boolean } = {},
  ): Promise<Code> => {
    const { code, link } = linkOf(id)
    if (code.deletedAt !== null || link.deletedRemotely)
      throw deletedElsewhere(
        code.name,
        (link.conflict ? authorOf(link.conflict.theirs) : undefined) ?? link.changedBy,
      )
    if (link.conflict)
      throw new AppError('CONFLICT', `「${code.name}」有一处与其他管理员的修改冲突，请先在冲突对比中处理。`)
    if (repo.outbox.has(id)) return keepOffline(id, input)
    const doc = recordAfter(code, input, now(), link.doc)
    const answer = await pushChange(sync, link.codeKey, link.version, doc)
    if (answer.kind === 'unreachable') return keepOffline(id, input)
    if (answer.kind === 'conflict') {
      const current = answer.current
      if (current?.deleted) {
        db.transaction(() => {
          db.codes.softDelete(id, current.changedAt)
          db.codes.setRelayState(id, 'synced')
          repo.agreed(id, current.version, current.record, authorOf(current))
          repo.setDeletedRemotely(id, true)
          repo.setTombstoned(id)
        })
        throw deletedElsewhere(code.name, authorOf(current))
      }
      if (current) raiseConflict(sync, id, current, doc)
      throw new AppError(
        'CONFLICT',
        `「${code.name}」在你编辑时已被${(current ? authorOf(current) : undefined) ?? '其他管理员'}修改。请在冲突对比中选择保留哪一版。`,
      )
    }
    repo.agreed(id, answer.version, doc, '')
    let saved: Code
    try {
      saved = await inner.update(id, input, options)
    } catch (error) {
      // WeCom refused or was unreachable: the registry goes back to what WeCom still has.
      const back = await pushChange(sync, link.codeKey, answer.version, recordOf(code, link.doc)).catch(
        () => null,
      )
      if (back?.kind === 'accepted') repo.agreed(id, back.version, recordOf(code, link.doc), '')
      if (wecomOffline(error) && back?.kind === 'accepted') return keepOffline(id, input)
      throw error
    }
    const after = db.codes.get(id)
    // A new way (a new QR) changed the config_id: the registry learns it at once.
    if (after && (after.configId !== doc.configId || after.qrUrl !== doc.qrUrl)) {
      const fixed = recordOf(after, doc)
      const again = await pushChange(sync, link.codeKey, answer.version, fixed).catch(() => null)
      if (again?.kind === 'accepted') repo.agreed(id, again.version, fixed, '')
    }
    return saved
  }

  const syncRegistry = async () => {
    queueUnlinked()
    await pushDeletes()
    const drained = await drain()
    if (drained.error) return { merged: 0, conflicts: drained.conflicts, error: drained.error }
    try {
      return { merged: await serial(() => pullRegistry(sync)), conflicts: drained.conflicts, error: null }
    } catch (error) {
      return { merged: 0, conflicts: drained.conflicts, error }
    }
  }

  return {
    ...inner,
    async create(input, creator) {
      let code: Code
      try {
        code = await inner.create(input, creator)
      } catch (error) {
        if (wecomOffline(error)) throw new AppError('OFFLINE', OFFLINE_CREATE)
        throw error
      }
      const stored = db.codes.get(code.id)
      if (stored) {
        repo.ensure(code.id, codeKeyOf(stored))
        await queueAndDrain(code.id, 'create', recordOf(stored, null))
      }
      return code
    },
    update,
    async remove(id) {
      await inner.remove(id)
      await pushDeletes()
    },
    async carryOutDueDeletes() {
      const result = await inner.carryOutDueDeletes()
      await pushDeletes()
      return result
    },
    async importFromWeCom(onProgress) {
      const result = await inner.importFromWeCom(onProgress)
      // Imports become shared: each way new here goes to the registry with creator 导入.
      queueUnlinked()
      await drain().catch((error: unknown) => deps.log('registry outbox drain failed', error))
      return result
    },
    async pushPending(onProgress) {
      // The registry first: once a code's policy shows synced, its registry change went out too.
      const shared = await syncRegistry()
      const pending = await inner.pushPending(onProgress)
      return { ...pending, error: pending.error ?? shared.error }
    },
    // 待同步 N: each waiting change once (a code created while the relay was down counts once).
    pendingPushes: () => inner.pendingPushes() + repo.outbox.countBeyondPolicies(),
    syncRegistry,
    conflicts: () =>
      repo.conflicts().map((link) => ({
        id: link.codeId,
        name: db.codes.get(link.codeId, { includeDeleted: true })?.name ?? '',
        conflict: link.conflict!,
      })),
    async resolveConflict(id, choice) {
      const { code, link } = linkOf(id)
      const conflict = link.conflict
      if (!conflict) throw new AppError('NOT_FOUND', '这个活码没有待处理的冲突。')
      const theirs = conflict.theirs
      if (theirs.deleted) {
        // Nothing to keep: the way is gone from WeCom. The local copy follows.
        db.transaction(() => {
          if (code.deletedAt === null) db.codes.softDelete(id, theirs.changedAt)
          db.codes.setRelayState(id, 'synced')
          repo.agreed(id, theirs.version, theirs.record, authorOf(theirs))
          repo.setTombstoned(id)
          repo.setConflict(id, null)
        })
        return null
      }
      const theirsInput = inputOf(theirs.record)
      const mineInput = inputOf(conflict.mine)
      const chosen =
        choice.keep === 'theirs' ? theirsInput : choice.keep === 'mine' ? mineInput : choice.input
      if (!chosen) throw new AppError('VALIDATION', '这一版的内容无法在本版本中编辑，请选择另一版。')
      // Rebased on theirs: the edit now starts from the version the relay holds.
      db.transaction(() => {
        repo.agreed(id, theirs.version, theirs.record, authorOf(theirs))
        repo.setConflict(id, null)
        repo.setDeletedRemotely(id, false)
      })
      if (choice.keep === 'theirs') {
        // WeCom's way already has theirs (their desktop wrote it); this copy takes it.
        db.codes.update(id, {
          ...theirsInput!,
          configId: theirs.record.configId,
          qrUrl: theirs.record.qrUrl,
          updatedAt: theirs.record.updatedAt,
        })
        return bridgeCode(db.codes.get(id)!)
      }
      return update(id, chosen)
    },
    outboxCount: () => repo.outbox.count(),
  }
}
