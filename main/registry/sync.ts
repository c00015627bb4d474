// Talking to the relay's registry: pushing one change through its version check, draining the
// outbox in order, and merging what other desktops changed into the local SQLite.
//
// Merge rules on a pull (each changed code once, at its latest version):
//  - a code new here is inserted with the creator and times the record carries (imports: 导入);
//  - a code with no change waiting here takes the record's fields;
//  - a code with a change waiting here (outbox) or an open conflict keeps its local fields: the
//    waiting push will meet the relay's version check and raise the conflict once;
//  - a tombstone deletes the local copy (WeCom's way is already gone), unless a change waits here,
//    in which case the code is marked deleted elsewhere and the conflict screen says so.

import { AppError } from '../../common/bridge-result'
import { wecomOffline } from './offline'
import { registryConflictSchema, type RegistryEntry, type RegistryRecord } from '../../common/relay-api'
import type { AppDatabase } from '../db'
import type { RelayClient } from '../relay-client/types'
import { isRelayError } from '../relay-client/errors'
import type { CodesService } from '../codes/service'
import { codeKeyOf, inputOf, recordOf } from './record'
import { REGISTRY_KEYS, type RegistryRepo } from './repo'

export interface RegistrySyncDeps {
  db: AppDatabase
  repo: RegistryRepo
  /** The codes service without the registry (WeCom, the local row, the relay policy). */
  inner: CodesService
  relay: () => RelayClient | null
  /** Who I am: recorded in each pushed record (the relay records the key beside it). */
  me: () => string
  now: () => number
  log: (message: string, detail?: unknown) => void
}

export type PushAnswer =
  | { kind: 'accepted'; version: number }
  | { kind: 'conflict'; current: RegistryEntry | null }
  | { kind: 'unreachable'; error: unknown }

const PAGE = 500

/** One push through the version check; an unreachable relay (or none configured) is an answer, not a throw. */
export async function pushChange(
  deps: RegistrySyncDeps,
  codeKey: string,
  baseVersion: number,
  record: RegistryRecord | null,
): Promise<PushAnswer> {
  const relay = deps.relay()
  if (!relay) return { kind: 'unreachable', error: new AppError('OFFLINE', '尚未配置中转服务') }
  try {
    const signed = record && { ...record, editedBy: deps.me() }
    const answer = await relay.pushRegistry({ codeKey, baseVersion, record: signed })
    return { kind: 'accepted', version: answer.version }
  } catch (error) {
    if (isRelayError(error) && error.kind === 'conflict') {
      const body = registryConflictSchema.safeParse(error.body)
      if (body.success) return { kind: 'conflict', current: body.data.current }
    }
    if (
      isRelayError(error) &&
      (error.kind === 'unreachable' || error.kind === 'server' || error.kind === 'rate_limited')
    )
      return { kind: 'unreachable', error }
    throw error
  }
}

/** Who made a change: the manager's name the record carries, else the key's holder. */
export function authorOf(entry: RegistryEntry): string {
  const editedBy = entry.record.editedBy
  return typeof editedBy === 'string' && editedBy !== '' ? editedBy : entry.changedBy.who
}

/** Marks a conflict (once): the outbox's later edits of the code are part of "mine" and go. */
export function raiseConflict(
  deps: RegistrySyncDeps,
  codeId: number,
  theirs: RegistryEntry,
  mine: RegistryRecord,
) {
  deps.db.transaction(() => {
    deps.repo.setConflict(codeId, { theirs, mine, raisedAt: deps.now() })
    deps.repo.outbox.removeEdits(codeId)
    if (theirs.deleted) deps.repo.setDeletedRemotely(codeId, true)
  })
}

export interface DrainResult {
  sent: number
  conflicts: number
  /** Set when the relay (or WeCom, for a change the relay accepted) could not be reached. */
  error: unknown
}

/** Sends the outbox in order; stops at the first unreachable side, leaving the rest queued. */
export async function drainOutbox(deps: RegistrySyncDeps): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, conflicts: 0, error: null }
  for (const entry of deps.repo.outbox.list()) {
    const code = deps.db.codes.get(entry.codeId, { includeDeleted: true })
    const link = code ? deps.repo.ensure(code.id, codeKeyOf(code)) : null
    if (!code || !link) {
      deps.repo.outbox.remove(entry.id)
      continue
    }
    if (entry.kind === 'edit' && link.conflict) {
      deps.repo.outbox.remove(entry.id) // part of the conflict's "mine"
      continue
    }
    if (entry.stage === 'relay') {
      const answer = await pushChange(
        deps,
        link.codeKey,
        entry.kind === 'create' ? 0 : link.version,
        entry.doc,
      )
      if (answer.kind === 'unreachable') {
        result.error = answer.error
        break
      }
      if (answer.kind === 'conflict') {
        const current = answer.current
        if (entry.kind === 'create' && current) {
          // The same way, pushed by another desktop first (both imported it): theirs is the record.
          deps.repo.outbox.remove(entry.id)
          mergeEntry(deps, current)
          continue
        }
        if (entry.kind === 'delete') {
          // The way is gone from WeCom: the delete stands over any edit made meanwhile.
          if (current && !current.deleted) {
            const again = await pushChange(deps, link.codeKey, current.version, null)
            if (again.kind === 'unreachable') {
              result.error = again.error
              break
            }
          }
          deps.repo.setTombstoned(code.id)
          deps.repo.outbox.remove(entry.id)
          result.sent += 1
          continue
        }
        if (current) raiseConflict(deps, code.id, current, recordOf(code, link.doc))
        else deps.repo.outbox.remove(entry.id)
        result.conflicts += 1
        continue
      }
      deps.db.transaction(() => {
        if (entry.doc) deps.repo.agreed(code.id, answer.version, entry.doc, '')
        else {
          deps.repo.agreed(code.id, answer.version, link.doc ?? recordOf(code, null), '')
          deps.repo.setTombstoned(code.id)
        }
        if (entry.kind === 'edit') deps.repo.outbox.setStage(entry.id, 'wecom')
        else deps.repo.outbox.remove(entry.id)
      })
      result.sent += 1
      if (entry.kind !== 'edit') continue
    }
    // An edit the relay accepted: now WeCom's way (and the relay's policy) get it.
    const input = entry.doc ? inputOf(entry.doc) : null
    if (input && code.deletedAt === null) {
      try {
        await deps.inner.update(code.id, input)
      } catch (error) {
        if (wecomOffline(error)) {
          result.error = error
          break
        }
        deps.log(`registry: the edit of code ${code.id} could not be written to WeCom`, error)
      }
    }
    deps.repo.outbox.remove(entry.id)
  }
  return result
}

/** Pulls every registry change since the cursor and merges it (rules at the top of this file). */
export async function pullRegistry(deps: RegistrySyncDeps): Promise<number> {
  const relay = deps.relay()
  if (!relay) return 0
  let cursor = deps.db.syncState.getNumber(REGISTRY_KEYS.cursor) ?? 0
  let merged = 0
  for (;;) {
    const page = await relay.registry({ after: cursor, limit: PAGE })
    deps.db.transaction(() => {
      for (const entry of page.entries) merged += mergeEntry(deps, entry) ? 1 : 0
      deps.db.syncState.setNumber(REGISTRY_KEYS.cursor, page.nextCursor)
    })
    if (!page.hasMore || page.nextCursor <= cursor) break
    cursor = page.nextCursor
  }
  return merged
}

export function mergeEntry(deps: RegistrySyncDeps, entry: RegistryEntry): boolean {
  const { repo, db } = deps
  const record = entry.record
  const linked = repo.byKey(entry.codeKey)
  const local =
    (linked && db.codes.get(linked.codeId, { includeDeleted: true })) ||
    (record.state ? db.codes.getByState(record.state) : db.codes.getByConfigId(record.configId))
  const who = authorOf(entry)
  if (!local) {
    if (entry.deleted) return false
    const input = inputOf(record)
    if (!input) {
      deps.log(`registry: record ${entry.codeKey} has fields this version cannot show; skipped`)
      return false
    }
    const inserted = db.codes.insert({
      ...input,
      configId: record.configId,
      state: record.state,
      name: uniqueName(db, input.name),
      qrUrl: record.qrUrl,
      creator: record.creator,
      createdAt: record.createdAt,
      origin: record.origin,
      // The desktop that made or edited it has pushed its policy already.
      relayState: 'synced',
    })
    repo.ensure(inserted.id, entry.codeKey)
    repo.agreed(inserted.id, entry.version, record, who)
    return true
  }
  const link = repo.ensure(local.id, entry.codeKey)
  if (link.version >= entry.version) return false
  const waiting = repo.outbox.has(local.id)
  if (link.conflict) {
    // Still open: the screen compares with the newest of theirs.
    repo.setConflict(local.id, { ...link.conflict, theirs: entry })
    if (entry.deleted) repo.setDeletedRemotely(local.id, true)
    return true
  }
  if (entry.deleted) {
    if (local.deletedAt !== null) {
      repo.agreed(local.id, entry.version, record, who)
      repo.setTombstoned(local.id)
      return true
    }
    if (waiting) {
      repo.setDeletedRemotely(local.id, true)
      return true
    }
    db.codes.softDelete(local.id, entry.changedAt)
    db.codes.setRelayState(local.id, 'synced')
    repo.agreed(local.id, entry.version, record, who)
    repo.setDeletedRemotely(local.id, true)
    repo.setTombstoned(local.id)
    return true
  }
  if (waiting || local.deletedAt !== null) return false
  const input = inputOf(record)
  if (input) {
    db.codes.update(local.id, {
      ...input,
      name: input.name === local.name ? input.name : uniqueName(db, input.name, local.id),
      configId: record.configId,
      qrUrl: record.qrUrl,
      ...(record.configId !== local.configId ? { qrContent: null } : {}),
      relayState: local.relayState,
      updatedAt: record.updatedAt,
    })
  }
  if (record.creator !== local.creator || record.origin !== local.origin)
    repo.setCreator(local.id, record.creator, record.origin)
  repo.agreed(local.id, entry.version, record, who)
  return true
}

/** Names are unique among live codes here: a record whose name another local code has gets a suffix. */
function uniqueName(db: AppDatabase, name: string, exceptId?: number): string {
  if (!db.codes.nameExists(name, exceptId)) return name
  for (let n = 2; ; n++) {
    const candidate = `${name.slice(0, 55)}（${n}）`
    if (!db.codes.nameExists(candidate, exceptId)) return candidate
  }
}
