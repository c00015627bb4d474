// Pushed policies, corp settings, the media_id cache and each scheduled code's skip_verify state.
//
// A policy's JSON can carry a base64 image, and every add and job reads its code's policy, so parsed
// policies are cached — but another instance may have taken a push a moment ago, and policy() must
// never be older than the last answered push on any instance. So every read asks the database for
// the row's rev (a number from one sequence, new on each write) and gets the JSON only when the rev
// differs from the cached one: one small round trip, never a stale answer. LISTEN/NOTIFY would save
// that round trip but arrives after the pushing instance has answered, so a read in that window
// would be stale. Settings are small and read rarely: no cache.

import type pg from 'pg'
import type { CodePolicy, RelaySettings } from '../../common/relay-api'
import { one, rows, transaction, type Queryable } from './db'
import { applyOutcome } from './outcomes'

interface Cached {
  rev: number
  policy: CodePolicy
}

/** The skip_verify last written for a code, and any value a flip failed to write (and when). */
export async function skipStateOf(db: Queryable, corpId: string, state: string) {
  const row = await one<{ wanted: number | null; failed_skip: number | null; failed_at: number | null }>(
    db,
    'SELECT wanted, failed_skip, failed_at FROM skip_state WHERE corp_id = $1 AND state = $2',
    [corpId, state],
  )
  const bool = (v: number | null | undefined) => (v === null || v === undefined ? null : v === 1)
  return {
    written: bool(row?.wanted),
    failedSkip: bool(row?.failed_skip),
    failedAt: row?.failed_at ?? null,
  }
}

async function flipWritten(db: Queryable, corpId: string, state: string, skipVerify: boolean) {
  await db.query(
    `INSERT INTO skip_state (corp_id, state, wanted, failed_skip, failed_at) VALUES ($1, $2, $3, NULL, NULL)
     ON CONFLICT (corp_id, state) DO UPDATE SET wanted = excluded.wanted, failed_skip = NULL, failed_at = NULL`,
    [corpId, state, skipVerify ? 1 : 0],
  )
}

export function policyStore(pool: pg.Pool) {
  const cache = new Map<string, Cached>()
  const key = (corpId: string, state: string) => `${corpId}\u0000${state}`

  const remember = (corpId: string, state: string, rev: number, json: string | null): CodePolicy => {
    const k = key(corpId, state)
    const cached = cache.get(k)
    if (json === null && cached && cached.rev === rev) return cached.policy
    if (json === null) throw new Error('policy row without its JSON')
    const policy = JSON.parse(json) as CodePolicy
    cache.set(k, { rev, policy })
    return policy
  }

  return {
    /**
     * Stores the push unless a newer version is stored (the version rule is the upsert's WHERE, so
     * two instances taking pushes of one code at once cannot both win against each other), and
     * records the skip_verify the desktop just wrote — one transaction.
     */
    async putPolicy(
      corpId: string,
      policy: CodePolicy,
      now: number,
      skipVerifyNow: boolean,
    ): Promise<boolean> {
      return transaction(pool, async (client) => {
        const stored = await client.query(
          `INSERT INTO policies (corp_id, state, json, updated_at, version, auto_remark, rev)
           VALUES ($1, $2, $3, $4, $5, $6, nextval('policy_rev'))
           ON CONFLICT (corp_id, state) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at,
             version = excluded.version, auto_remark = excluded.auto_remark, rev = excluded.rev
           WHERE policies.version <= excluded.version RETURNING rev`,
          [
            corpId,
            policy.state,
            JSON.stringify(policy),
            now,
            policy.version ?? 0,
            Boolean(policy.autoRemark),
          ],
        )
        if (stored.rowCount === 0) return false
        await flipWritten(client, corpId, policy.state, skipVerifyNow)
        return true
      })
    },

    async deletePolicy(corpId: string, state: string) {
      await transaction(pool, async (client) => {
        await client.query('DELETE FROM policies WHERE corp_id = $1 AND state = $2', [corpId, state])
        await client.query('DELETE FROM skip_state WHERE corp_id = $1 AND state = $2', [corpId, state])
      })
      cache.delete(key(corpId, state))
    },

    async policy(corpId: string, state: string): Promise<CodePolicy | null> {
      const cached = cache.get(key(corpId, state))
      const row = await one<{ rev: number; json: string | null }>(
        pool,
        `SELECT rev, CASE WHEN rev = $3 THEN NULL ELSE json END AS json FROM policies WHERE corp_id = $1 AND state = $2`,
        [corpId, state, cached?.rev ?? -1],
      )
      if (!row) {
        cache.delete(key(corpId, state))
        return null
      }
      return remember(corpId, state, row.rev, row.json)
    },

    async hasPolicy(corpId: string, state: string): Promise<boolean> {
      return (
        (await one(pool, 'SELECT 1 FROM policies WHERE corp_id = $1 AND state = $2', [corpId, state])) !==
        null
      )
    },

    async policies(corpId: string): Promise<CodePolicy[]> {
      const known = [...cache.entries()]
        .filter(([k]) => k.startsWith(`${corpId}\u0000`))
        .map(([, c]) => c.rev)
      const found = await rows<{ state: string; rev: number; json: string | null }>(
        pool,
        `SELECT state, rev, CASE WHEN rev = ANY($2::bigint[]) THEN NULL ELSE json END AS json
         FROM policies WHERE corp_id = $1 ORDER BY state`,
        [corpId, known],
      )
      return found.map((r) => remember(corpId, r.state, r.rev, r.json))
    },

    async putSettings(corpId: string, settings: RelaySettings) {
      await pool.query(
        'INSERT INTO settings (corp_id, json) VALUES ($1, $2) ON CONFLICT (corp_id) DO UPDATE SET json = excluded.json',
        [corpId, JSON.stringify(settings)],
      )
    },

    async settings(corpId: string): Promise<RelaySettings | null> {
      const row = await one<{ json: string }>(pool, 'SELECT json FROM settings WHERE corp_id = $1', [corpId])
      return row ? (JSON.parse(row.json) as RelaySettings) : null
    },

    async media(corpId: string, sha256: string) {
      const row = await one<{ media_id: string; created_at: number }>(
        pool,
        'SELECT media_id, created_at FROM media WHERE corp_id = $1 AND sha256 = $2',
        [corpId, sha256],
      )
      return row ? { mediaId: row.media_id, createdAt: row.created_at } : null
    },

    async putMedia(corpId: string, sha256: string, mediaId: string, createdAt: number) {
      await pool.query(
        `INSERT INTO media (corp_id, sha256, media_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (corp_id, sha256) DO UPDATE SET media_id = excluded.media_id, created_at = excluded.created_at`,
        [corpId, sha256, mediaId, createdAt],
      )
    },

    skipState: (corpId: string, state: string) => skipStateOf(pool, corpId, state),

    flipWritten: (corpId: string, state: string, skipVerify: boolean) =>
      flipWritten(pool, corpId, state, skipVerify),

    async flipFailed(corpId: string, state: string, skipVerify: boolean, at: number) {
      await applyOutcome(pool, { op: 'flipFailed', corpId, state, skipVerify, at })
    },
  }
}
