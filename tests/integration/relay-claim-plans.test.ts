// The job claim's statements, as SQLite plans them on the relay's own schema: each walks an index
// made for it, so a claim costs the same whatever backlog waits. Welcomes come from the partial index
// of pending welcomes (store step 9), never from a walk over every due job that checks each row's
// kind — in a burst that walk read thousands of due taggings ahead of the welcomes on every claim.

import type Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { RelayStore } from '../../relay/store'
import { add, CORP, policy, T0 } from './pg-store-fixture'

const plan = (db: Database.Database, sql: string) =>
  (
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all({ now: T0, lease: T0, limit: 1, busy: '[]', maxAttempts: 5 }) as { detail: string }[]
  ).map((r) => r.detail)

describe('the relay’s job claim', () => {
  it('takes welcomes from the pending-welcome index, and due jobs from the due index', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-claim-plans-'))
    const store = new RelayStore(dir)
    try {
      await store.putPolicy(CORP, policy('s1'), T0, true)
      await store.commit([add('wm1', T0)], [], 20_000)
      const prepared: string[] = []
      const prepare = store.db.prepare.bind(store.db)
      vi.spyOn(store.db, 'prepare').mockImplementation(((sql: string) => {
        prepared.push(sql)
        return prepare(sql)
      }) as typeof store.db.prepare)
      expect((await store.claim(T0 + 1_000, 10, 10_000, 5)).map((j) => j.kind).sort()).toEqual([
        'tags',
        'welcome',
      ])
      vi.restoreAllMocks()
      const claims = prepared.filter((sql) => /SET status = 'running'/.test(sql))
      const welcomes = claims.filter((sql) => sql.includes("kind = 'welcome'"))
      expect(welcomes).toHaveLength(1)
      expect(plan(store.db, welcomes[0]!).join(' | ')).toMatch(/USING (COVERING )?INDEX jobs_due_welcome/)
      const due = claims.filter((sql) => sql.includes("status = 'pending'") && !welcomes.includes(sql))
      expect(due).toHaveLength(1)
      expect(plan(store.db, due[0]!).join(' | ')).toMatch(
        /USING (COVERING )?INDEX jobs_due \(status=\? AND run_at<\?\)/,
      )
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
