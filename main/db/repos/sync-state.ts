// Small key/value facts about syncing (relay cursor, last success, last error) that must survive a
// restart alongside the data they describe.

import type { Sql } from '../sql'

/** The keys the app uses; others are allowed for forward compatibility. */
export const SYNC_KEYS = {
  relayCursor: 'relay_cursor',
  actionsCursor: 'relay_actions_cursor',
  lastSuccessAt: 'last_success_at',
  lastError: 'last_error',
  lastAttemptAt: 'last_attempt_at',
  lastFinishedAt: 'last_finished_at',
  lastOutcome: 'last_outcome',
  lastSummary: 'last_summary',
  membersSyncedAt: 'members_synced_at',
  tagsSyncedAt: 'tags_synced_at',
  codesSyncedAt: 'codes_synced_at',
} as const

export interface SyncStateRepo {
  get(key: string): string | null
  set(key: string, value: string | null): void
  getNumber(key: string): number | null
  setNumber(key: string, value: number | null): void
  all(): Record<string, string | null>
}

export function createSyncStateRepo(sql: Sql): SyncStateRepo {
  const get = (key: string) =>
    sql.one<{ value: string | null }>('SELECT value FROM sync_state WHERE key = ?', [key])?.value ?? null
  const set = (key: string, value: string | null) => {
    sql.run(
      'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    )
  }
  return {
    get,
    set,
    getNumber(key) {
      const value = get(key)
      if (value === null) return null
      const n = Number(value)
      return Number.isFinite(n) ? n : null
    },
    setNumber: (key, value) => set(key, value === null ? null : String(value)),
    all: () =>
      Object.fromEntries(
        sql
          .all<{ key: string; value: string | null }>('SELECT key, value FROM sync_state ORDER BY key')
          .map((r) => [r.key, r.value]),
      ),
  }
}
