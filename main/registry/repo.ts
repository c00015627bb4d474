// The desktop's mirror of the corp's code registry (migration step 11): which registry record each
// local code is, the version this copy last agreed with the relay on, any open conflict, and the
// outbox of changes waiting for the relay.

import type Database from 'better-sqlite3'
import type { RegistryEntry, RegistryRecord } from '../../common/relay-api'

export interface RegistryConflict {
  /** The record as another desktop left it (deleted: true when it was deleted there). */
  theirs: RegistryEntry
  /** This desktop's version of the code when the relay refused it. */
  mine: RegistryRecord
  raisedAt: number
}

export interface RegistryLink {
  codeId: number
  codeKey: string
  version: number
  doc: RegistryRecord | null
  changedBy: string
  deletedRemotely: boolean
  tombstoned: boolean
  conflict: RegistryConflict | null
}

export interface OutboxEntry {
  id: number
  codeId: number
  kind: 'create' | 'edit' | 'delete'
  doc: RegistryRecord | null
  stage: 'relay' | 'wecom'
  createdAt: number
}

interface LinkRow {
  code_id: number
  code_key: string
  version: number
  doc: string | null
  changed_by: string
  deleted_remotely: number
  tombstoned: number
  conflict: string | null
}

const parse = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T))

const toLink = (r: LinkRow): RegistryLink => ({
  codeId: r.code_id,
  codeKey: r.code_key,
  version: r.version,
  doc: parse<RegistryRecord>(r.doc),
  changedBy: r.changed_by,
  deletedRemotely: r.deleted_remotely === 1,
  tombstoned: r.tombstoned === 1,
  conflict: parse<RegistryConflict>(r.conflict),
})

export const REGISTRY_KEYS = { cursor: 'registry_cursor', me: 'registry_me' } as const

export function createRegistryRepo(db: Database.Database) {
  const link = (codeId: number): RegistryLink | null => {
    const row = db.prepare('SELECT * FROM registry_codes WHERE code_id = ?').get(codeId) as
      LinkRow | undefined
    return row ? toLink(row) : null
  }
  return {
    link,
    byKey(codeKey: string): RegistryLink | null {
      const row = db.prepare('SELECT * FROM registry_codes WHERE code_key = ?').get(codeKey) as
        LinkRow | undefined
      return row ? toLink(row) : null
    },
    /** Creates the link if missing (version 0: the relay has not confirmed it yet). */
    ensure(codeId: number, codeKey: string): RegistryLink {
      db.prepare('INSERT OR IGNORE INTO registry_codes (code_id, code_key) VALUES (?, ?)').run(
        codeId,
        codeKey,
      )
      return link(codeId)!
    },
    agreed(codeId: number, version: number, doc: RegistryRecord, changedBy: string) {
      db.prepare('UPDATE registry_codes SET version = ?, doc = ?, changed_by = ? WHERE code_id = ?').run(
        version,
        JSON.stringify(doc),
        changedBy,
        codeId,
      )
    },
    setConflict(codeId: number, conflict: RegistryConflict | null) {
      db.prepare('UPDATE registry_codes SET conflict = ? WHERE code_id = ?').run(
        conflict ? JSON.stringify(conflict) : null,
        codeId,
      )
    },
    setDeletedRemotely(codeId: number, deleted: boolean) {
      db.prepare('UPDATE registry_codes SET deleted_remotely = ? WHERE code_id = ?').run(
        deleted ? 1 : 0,
        codeId,
      )
    },
    setTombstoned(codeId: number) {
      db.prepare('UPDATE registry_codes SET tombstoned = 1 WHERE code_id = ?').run(codeId)
    },
    conflicts(): RegistryLink[] {
      return (db.prepare('SELECT * FROM registry_codes WHERE conflict IS NOT NULL').all() as LinkRow[]).map(
        toLink,
      )
    },
    /** Local codes deleted here whose tombstone the relay has not got yet (nor queued). */
    untombstonedDeletes(): number[] {
      return db
        .prepare(
          `SELECT c.id FROM codes c LEFT JOIN registry_codes rc ON rc.code_id = c.id
           WHERE c.deleted_at IS NOT NULL AND COALESCE(rc.tombstoned, 0) = 0 AND COALESCE(rc.deleted_remotely, 0) = 0
             AND NOT EXISTS (SELECT 1 FROM registry_outbox o WHERE o.code_id = c.id AND o.kind = 'delete')
             AND NOT EXISTS (SELECT 1 FROM pending_deletes p WHERE p.code_id = c.id)`,
        )
        .pluck()
        .all() as number[]
    },
    /** Live local codes the registry has not heard of (made before it, or imported here). */
    unlinked(): { id: number }[] {
      return db
        .prepare(
          `SELECT c.id FROM codes c WHERE c.deleted_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM registry_codes rc WHERE rc.code_id = c.id)`,
        )
        .all() as { id: number }[]
    },
    /** Who made a code, set from the registry (the local repository fixes it at insert). */
    setCreator(codeId: number, creator: string, origin: 'app' | 'imported') {
      db.prepare('UPDATE codes SET creator = ?, origin = ? WHERE id = ?').run(creator, origin, codeId)
    },
    outbox: {
      add(codeId: number, kind: OutboxEntry['kind'], doc: RegistryRecord | null, at: number) {
        db.prepare('INSERT INTO registry_outbox (code_id, kind, doc, created_at) VALUES (?, ?, ?, ?)').run(
          codeId,
          kind,
          doc ? JSON.stringify(doc) : null,
          at,
        )
      },
      list(): OutboxEntry[] {
        const rows = db.prepare('SELECT * FROM registry_outbox ORDER BY id').all() as {
          id: number
          code_id: number
          kind: OutboxEntry['kind']
          doc: string | null
          stage: OutboxEntry['stage']
          created_at: number
        }[]
        return rows.map((r) => ({
          id: r.id,
          codeId: r.code_id,
          kind: r.kind,
          doc: parse<RegistryRecord>(r.doc),
          stage: r.stage,
          createdAt: r.created_at,
        }))
      },
      remove(id: number) {
        db.prepare('DELETE FROM registry_outbox WHERE id = ?').run(id)
      },
      removeEdits(codeId: number) {
        db.prepare("DELETE FROM registry_outbox WHERE code_id = ? AND kind = 'edit'").run(codeId)
      },
      setStage(id: number, stage: OutboxEntry['stage']) {
        db.prepare('UPDATE registry_outbox SET stage = ? WHERE id = ?').run(stage, id)
      },
      has(codeId: number): boolean {
        return db.prepare('SELECT 1 FROM registry_outbox WHERE code_id = ? LIMIT 1').get(codeId) !== undefined
      },
      count(): number {
        return db.prepare('SELECT count(*) FROM registry_outbox').pluck().get() as number
      },
      /** Changes waiting that the relay-policy count does not already show (its code is not pending). */
      countBeyondPolicies(): number {
        return db
          .prepare(
            `SELECT count(*) FROM registry_outbox o JOIN codes c ON c.id = o.code_id WHERE c.relay_state <> 'pending'`,
          )
          .pluck()
          .get() as number
      },
    },
  }
}

export type RegistryRepo = ReturnType<typeof createRegistryRepo>
