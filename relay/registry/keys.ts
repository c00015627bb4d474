// The desktops' relay keys (migration step 6): the corp admin (the config file's apiKey) issues each
// manager's desktop its own key, sees who holds which and when it was last used, and revokes one. A
// key is stored only as its SHA-256 hash; it is shown once, when issued. Revocation is read on every
// request (no cache), so a revoked key is refused from its next call on.

import type Database from 'better-sqlite3'
import { createHash, randomBytes } from 'node:crypto'
import type { DesktopKey, IssuedKey } from '../../common/relay-api'
import type { KeyHolder, KeyStorage } from '../storage'

export type { KeyHolder } from '../storage'

/** The config file's key: the corp admin's, which alone may issue and revoke. */
export const ADMIN_KEY_ID = 'admin'
/** last_seen_at is written at most this often per key, not on every request. */
const SEEN_EVERY_MS = 30_000

export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export class DesktopKeys implements KeyStorage {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  /** The holder of an issued, unrevoked key (by its hash), noting that it was seen. */
  holder(key: string): KeyHolder | null {
    const row = this.db
      .prepare('SELECT corp_id, key_id, who, last_seen_at, revoked_at FROM desktop_keys WHERE hash = ?')
      .get(keyHash(key)) as
      | {
          corp_id: string
          key_id: string
          who: string
          last_seen_at: number | null
          revoked_at: number | null
        }
      | undefined
    if (!row || row.revoked_at !== null) return null
    const at = this.now()
    if (row.last_seen_at === null || at - row.last_seen_at >= SEEN_EVERY_MS)
      this.db
        .prepare('UPDATE desktop_keys SET last_seen_at = ? WHERE corp_id = ? AND key_id = ?')
        .run(at, row.corp_id, row.key_id)
    return { corpId: row.corp_id, keyId: row.key_id, who: row.who }
  }

  /** Issues a new key (or a fresh one for a revoked id); an id in use is refused (null). */
  issue(corpId: string, keyId: string, who: string): IssuedKey | null {
    const key = `rk_${randomBytes(24).toString('base64url')}`
    const existing = this.db
      .prepare('SELECT revoked_at FROM desktop_keys WHERE corp_id = ? AND key_id = ?')
      .get(corpId, keyId) as { revoked_at: number | null } | undefined
    if (keyId === ADMIN_KEY_ID || (existing && existing.revoked_at === null)) return null
    this.db
      .prepare(
        `INSERT INTO desktop_keys (corp_id, key_id, hash, who, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (corp_id, key_id) DO UPDATE SET hash = excluded.hash, who = excluded.who,
           created_at = excluded.created_at, last_seen_at = NULL, revoked_at = NULL`,
      )
      .run(corpId, keyId, keyHash(key), who, this.now())
    return { keyId, key }
  }

  revoke(corpId: string, keyId: string): boolean {
    return (
      this.db
        .prepare(
          'UPDATE desktop_keys SET revoked_at = ? WHERE corp_id = ? AND key_id = ? AND revoked_at IS NULL',
        )
        .run(this.now(), corpId, keyId).changes > 0
    )
  }

  list(corpId: string): DesktopKey[] {
    const rows = this.db
      .prepare(
        'SELECT key_id, who, created_at, last_seen_at, revoked_at FROM desktop_keys WHERE corp_id = ? ORDER BY created_at, key_id',
      )
      .all(corpId) as {
      key_id: string
      who: string
      created_at: number
      last_seen_at: number | null
      revoked_at: number | null
    }[]
    return rows.map((r) => ({
      keyId: r.key_id,
      who: r.who,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      revokedAt: r.revoked_at,
    }))
  }
}
