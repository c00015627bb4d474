// The corp's code registry on the relay's SQLite file (migration step 6). A push is one transaction:
// compare the version it started from with the row's, then write the change log entry and the row,
// numbered by the corp's next registry seq. The answer is given only after the commit (synchronous =
// FULL), so a kill -9 can lose a push the desktop never heard accepted, never one it did, and the
// numbers stay gap-free and in order because they are read from the file inside the transaction.

import type Database from 'better-sqlite3'
import type { RegistryAuthor, RegistryEntry, RegistryRecord } from '../../common/relay-api'
import type { PushOutcome, RegistryChange, RegistryStorage } from '../storage'

export type { PushOutcome, RegistryChange } from '../storage'

interface RegistryRow {
  code_key: string
  version: number
  deleted: number
  json: string
  changed_by: string
  changed_by_who: string
  changed_at: number
}

export class RegistryStore implements RegistryStorage {
  constructor(private readonly db: Database.Database) {}

  private entry(row: RegistryRow): RegistryEntry {
    return {
      codeKey: row.code_key,
      version: row.version,
      deleted: row.deleted === 1,
      record: JSON.parse(row.json) as RegistryRecord,
      changedBy: { keyId: row.changed_by, who: row.changed_by_who },
      changedAt: row.changed_at,
    }
  }

  get(corpId: string, codeKey: string): RegistryEntry | null {
    const row = this.db
      .prepare(
        'SELECT code_key, version, deleted, json, changed_by, changed_by_who, changed_at FROM registry WHERE corp_id = ? AND code_key = ?',
      )
      .get(corpId, codeKey) as RegistryRow | undefined
    return row ? this.entry(row) : null
  }

  /** The codes changed after `after`, each once at its latest version, in version order. */
  since(corpId: string, after: number, limit: number): RegistryEntry[] {
    const rows = this.db
      .prepare(
        `SELECT code_key, version, deleted, json, changed_by, changed_by_who, changed_at FROM registry
         WHERE corp_id = ? AND version > ? ORDER BY version LIMIT ?`,
      )
      .all(corpId, after, limit) as RegistryRow[]
    return rows.map((r) => this.entry(r))
  }

  /**
   * Applies a push if the code still stands at `baseVersion` (0: it must not exist yet); otherwise
   * returns the record as it stands. `record` null is a delete: the row becomes a tombstone keeping
   * its last record. Deleting a tombstone again is a conflict too (the caller sees it is gone).
   */
  push(
    corpId: string,
    codeKey: string,
    baseVersion: number,
    record: RegistryRecord | null,
    author: RegistryAuthor,
    at: number,
  ): PushOutcome {
    return this.db.transaction((): PushOutcome => {
      const current = this.get(corpId, codeKey)
      const standing = current?.version ?? 0
      // A tombstone is final: a code's key (its state) is never reused, so nothing writes over it.
      if (standing !== baseVersion || current?.deleted) return { ok: false, current }
      const stored = record ?? current?.record
      if (!stored) return { ok: false, current }
      const seq =
        (this.db
          .prepare('SELECT COALESCE(MAX(seq), 0) FROM registry_changes WHERE corp_id = ?')
          .pluck()
          .get(corpId) as number) + 1
      const json = JSON.stringify(stored)
      const deleted = record === null ? 1 : 0
      this.db
        .prepare(
          `INSERT INTO registry_changes (corp_id, seq, code_key, base_version, deleted, json, key_id, who, at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(corpId, seq, codeKey, baseVersion, deleted, json, author.keyId, author.who, at)
      this.db
        .prepare(
          `INSERT INTO registry (corp_id, code_key, version, deleted, name, creator, config_id, json, changed_by, changed_by_who, changed_at)
           VALUES (@corpId, @codeKey, @seq, @deleted, @name, @creator, @configId, @json, @keyId, @who, @at)
           ON CONFLICT (corp_id, code_key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
             name = excluded.name, creator = excluded.creator, config_id = excluded.config_id, json = excluded.json,
             changed_by = excluded.changed_by, changed_by_who = excluded.changed_by_who, changed_at = excluded.changed_at`,
        )
        .run({
          corpId,
          codeKey,
          seq,
          deleted,
          name: stored.name,
          creator: stored.creator,
          configId: stored.configId,
          json,
          keyId: author.keyId,
          who: author.who,
          at,
        })
      return { ok: true, version: seq, changedAt: at }
    })()
  }

  /** Every accepted change of the corp in order (tests and audits: who changed what, when). */
  changes(corpId: string, after = 0): RegistryChange[] {
    const rows = this.db
      .prepare(
        `SELECT seq, code_key, base_version, deleted, json, key_id, who, at FROM registry_changes
         WHERE corp_id = ? AND seq > ? ORDER BY seq`,
      )
      .all(corpId, after) as {
      seq: number
      code_key: string
      base_version: number
      deleted: number
      json: string
      key_id: string
      who: string
      at: number
    }[]
    return rows.map((r) => ({
      seq: r.seq,
      codeKey: r.code_key,
      baseVersion: r.base_version,
      deleted: r.deleted === 1,
      record: JSON.parse(r.json) as RegistryRecord,
      keyId: r.key_id,
      who: r.who,
      at: r.at,
    }))
  }
}
