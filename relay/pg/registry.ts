// The corp's code registry and the desktops' relay keys on PostgreSQL (SQLite: relay/registry/).
// A push is one transaction under the corp's counter row lock (counters.ts): the version check, the
// change log entry and the row, numbered by the corp's next registry number — so pushes of one corp
// from several instances take turns, a stale base version is refused whichever instance saw the
// newer one, and the numbers stay gap-free and in commit order. Revocation is read on every request.

import { createHash, randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { DesktopKey, RegistryAuthor, RegistryEntry, RegistryRecord } from '../../common/relay-api'
import type { KeyStorage, PushOutcome, RegistryChange, RegistryStorage } from '../storage'
import { CorpCounters } from './counters'
import { one, rows, transaction, type Queryable } from './db'

/** Same as relay/registry/keys.ts: the config file's key id, and how often last_seen_at is written. */
const ADMIN_KEY_ID = 'admin'
const SEEN_EVERY_MS = 30_000

interface RegistryRow {
  code_key: string
  version: number
  deleted: number
  json: string
  changed_by: string
  changed_by_who: string
  changed_at: number
}

const ENTRY_COLUMNS = 'code_key, version, deleted, json, changed_by, changed_by_who, changed_at'

function entry(row: RegistryRow): RegistryEntry {
  return {
    codeKey: row.code_key,
    version: row.version,
    deleted: row.deleted === 1,
    record: JSON.parse(row.json) as RegistryRecord,
    changedBy: { keyId: row.changed_by, who: row.changed_by_who },
    changedAt: row.changed_at,
  }
}

async function get(db: Queryable, corpId: string, codeKey: string): Promise<RegistryEntry | null> {
  const row = await one<RegistryRow>(
    db,
    `SELECT ${ENTRY_COLUMNS} FROM registry WHERE corp_id = $1 AND code_key = $2`,
    [corpId, codeKey],
  )
  return row ? entry(row) : null
}

export function registryStore(pool: pg.Pool): RegistryStorage {
  return {
    get: (corpId: string, codeKey: string) => get(pool, corpId, codeKey),

    async since(corpId: string, after: number, limit: number) {
      const found = await rows<RegistryRow>(
        pool,
        `SELECT ${ENTRY_COLUMNS} FROM registry WHERE corp_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
        [corpId, after, limit],
      )
      return found.map(entry)
    },

    async push(
      corpId: string,
      codeKey: string,
      baseVersion: number,
      record: RegistryRecord | null,
      author: RegistryAuthor,
      at: number,
    ): Promise<PushOutcome> {
      return transaction(pool, async (client): Promise<PushOutcome> => {
        const counters = await CorpCounters.lock(client, [corpId])
        const current = await get(client, corpId, codeKey)
        const standing = current?.version ?? 0
        // A tombstone is final: a code's key (its state) is never reused.
        if (standing !== baseVersion || current?.deleted) return { ok: false, current }
        const stored = record ?? current?.record
        if (!stored) return { ok: false, current }
        const seq = counters.take(corpId, 'registry_seq')
        const json = JSON.stringify(stored)
        const deleted = record === null ? 1 : 0
        await client.query(
          `INSERT INTO registry_changes (corp_id, seq, code_key, base_version, deleted, json, key_id, who, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [corpId, seq, codeKey, baseVersion, deleted, json, author.keyId, author.who, at],
        )
        await client.query(
          `INSERT INTO registry (corp_id, code_key, version, deleted, name, creator, config_id, json, changed_by, changed_by_who, changed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (corp_id, code_key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
             name = excluded.name, creator = excluded.creator, config_id = excluded.config_id, json = excluded.json,
             changed_by = excluded.changed_by, changed_by_who = excluded.changed_by_who, changed_at = excluded.changed_at`,
          [
            corpId,
            codeKey,
            seq,
            deleted,
            stored.name,
            stored.creator,
            stored.configId,
            json,
            author.keyId,
            author.who,
            at,
          ],
        )
        await counters.save()
        return { ok: true, version: seq, changedAt: at }
      })
    },

    async changes(corpId: string, after = 0): Promise<RegistryChange[]> {
      const found = await rows<{
        seq: number
        code_key: string
        base_version: number
        deleted: number
        json: string
        key_id: string
        who: string
        at: number
      }>(
        pool,
        `SELECT seq, code_key, base_version, deleted, json, key_id, who, at FROM registry_changes
         WHERE corp_id = $1 AND seq > $2 ORDER BY seq`,
        [corpId, after],
      )
      return found.map((r) => ({
        seq: r.seq,
        codeKey: r.code_key,
        baseVersion: r.base_version,
        deleted: r.deleted === 1,
        record: JSON.parse(r.json) as RegistryRecord,
        keyId: r.key_id,
        who: r.who,
        at: r.at,
      }))
    },
  }
}

const keyHash = (key: string) => createHash('sha256').update(key).digest('hex')

export function keyStore(pool: pg.Pool, now: () => number): KeyStorage {
  return {
    async holder(key: string) {
      const row = await one<{
        corp_id: string
        key_id: string
        who: string
        last_seen_at: number | null
        revoked_at: number | null
      }>(pool, 'SELECT corp_id, key_id, who, last_seen_at, revoked_at FROM desktop_keys WHERE hash = $1', [
        keyHash(key),
      ])
      if (!row || row.revoked_at !== null) return null
      const at = now()
      if (row.last_seen_at === null || at - row.last_seen_at >= SEEN_EVERY_MS)
        await pool.query('UPDATE desktop_keys SET last_seen_at = $1 WHERE corp_id = $2 AND key_id = $3', [
          at,
          row.corp_id,
          row.key_id,
        ])
      return { corpId: row.corp_id, keyId: row.key_id, who: row.who }
    },

    /** A new key, or a fresh one for a revoked id; an id in use is refused (null), also when two instances race. */
    async issue(corpId: string, keyId: string, who: string) {
      if (keyId === ADMIN_KEY_ID) return null
      const key = `rk_${randomBytes(24).toString('base64url')}`
      const written = await pool.query(
        `INSERT INTO desktop_keys (corp_id, key_id, hash, who, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (corp_id, key_id) DO UPDATE SET hash = excluded.hash, who = excluded.who,
           created_at = excluded.created_at, last_seen_at = NULL, revoked_at = NULL
         WHERE desktop_keys.revoked_at IS NOT NULL`,
        [corpId, keyId, keyHash(key), who, now()],
      )
      return (written.rowCount ?? 0) > 0 ? { keyId, key } : null
    },

    async revoke(corpId: string, keyId: string) {
      const revoked = await pool.query(
        'UPDATE desktop_keys SET revoked_at = $1 WHERE corp_id = $2 AND key_id = $3 AND revoked_at IS NULL',
        [now(), corpId, keyId],
      )
      return (revoked.rowCount ?? 0) > 0
    },

    async list(corpId: string): Promise<DesktopKey[]> {
      const found = await rows<{
        key_id: string
        who: string
        created_at: number
        last_seen_at: number | null
        revoked_at: number | null
      }>(
        pool,
        'SELECT key_id, who, created_at, last_seen_at, revoked_at FROM desktop_keys WHERE corp_id = $1 ORDER BY created_at, key_id',
        [corpId],
      )
      return found.map((r) => ({
        keyId: r.key_id,
        who: r.who,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        revokedAt: r.revoked_at,
      }))
    },
  }
}
