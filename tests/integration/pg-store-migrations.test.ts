// The PostgreSQL store's numbered migrations (relay/pg/migrations/): a fresh database goes to the
// latest step, one left at an earlier step goes to the latest keeping its rows, two instances
// opening at once migrate once (the advisory lock), and a database a newer relay migrated is refused.

import { describe, expect, it } from 'vitest'
import { openPgStorage } from '../../relay/pg'
import { createPool } from '../../relay/pg/db'
import { migratePg, PG_SCHEMA_VERSION } from '../../relay/pg/migrations'
import { add, CORP, pgSkipped, policy, T0, usePostgres } from './pg-store-fixture'

async function applied(url: string): Promise<number[]> {
  const pool = createPool({ url })
  try {
    const found = await pool.query<{ version: number }>('SELECT version FROM relay_schema ORDER BY version')
    return found.rows.map((r) => r.version)
  } finally {
    await pool.end()
  }
}

describe.skipIf(pgSkipped)('PostgreSQL store migrations', () => {
  const pgt = usePostgres()

  it('brings a fresh database to the latest step', async () => {
    const url = await pgt.database()
    await pgt.open(url)
    expect(PG_SCHEMA_VERSION).toBe(3)
    expect(await applied(url)).toEqual([1, 2, 3])
    const pool = createPool({ url })
    try {
      const index = await pool.query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE indexname = 'jobs_lapsed'`,
      )
      expect(index.rows[0]?.indexdef).toMatch(/WHERE \(status = 'running'::text\)/)
    } finally {
      await pool.end()
    }
  })

  it('takes a database at step 1 to the latest, keeping its rows and filling auto_remark from the JSON', async () => {
    const url = await pgt.database()
    const pool = createPool({ url })
    try {
      expect(await migratePg(pool, { target: 1 })).toBe(1)
      const insert = `INSERT INTO policies (corp_id, state, json, updated_at, version) VALUES ($1, $2, $3, $4, $5)`
      const remarking = policy('s1', { version: 3, autoRemark: { remark: '{客户昵称}', description: '' } })
      await pool.query(insert, [CORP, 's1', JSON.stringify(remarking), T0, 3])
      await pool.query(insert, [
        CORP,
        's2',
        JSON.stringify(policy('s2', { version: 4, autoRemark: null })),
        T0,
        4,
      ])
      await pool.query(
        `INSERT INTO events (corp_id, corp_seq, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at)
         VALUES ($1, 1, 'change_external_contact', 'add_external_contact', 'u1', 'wm0', 's1', '', 1, '', $2)`,
        [CORP, T0],
      )
      await pool.query(`INSERT INTO corp_counters (corp_id, event_seq) VALUES ($1, 1)`, [CORP])
    } finally {
      await pool.end()
    }
    const store = await pgt.open(url)
    expect(await applied(url)).toEqual([1, 2, 3])
    expect((await store.policies(CORP)).map((p) => [p.state, p.version])).toEqual([
      ['s1', 3],
      ['s2', 4],
    ])
    expect((await store.events(CORP, 0, 10)).map((e) => [e.seq, e.externalUserid])).toEqual([[1, 'wm0']])
    // The filled flag drives the commit: s1 writes a remark, s2 does not.
    await store.commit([add('wm1', T0 + 1, { state: 's1' }), add('wm2', T0 + 2, { state: 's2' })], [], 20_000)
    const actions = await store.actions(CORP, 0, 10)
    expect(actions.map((a) => [a.eventSeq, a.kind])).toEqual([
      [2, 'welcome'],
      [2, 'tags'],
      [2, 'remark'],
      [3, 'welcome'],
      [3, 'tags'],
    ])
  })

  it('takes a database at step 2 to step 3: its jobs keep their event numbers, new events are numbered after the old ones', async () => {
    const url = await pgt.database()
    const pool = createPool({ url })
    try {
      expect(await migratePg(pool, { target: 2 })).toBe(2)
      await pool.query(
        `INSERT INTO events (corp_id, corp_seq, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at)
         VALUES ($1, 1, 'change_external_contact', 'add_external_contact', 'u1', 'wm0', 's1', 'WC0', 1, '', $2),
                ($1, 2, 'change_external_contact', 'del_follow_user', 'u1', 'wm9', '', '', 2, '', $2)`,
        [CORP, T0],
      )
      await pool.query(
        `INSERT INTO jobs (corp_id, corp_seq, kind, event_seq, state, userid, external_userid, welcome_code, status, run_at, payload, created_at, updated_at)
         VALUES ($1, 1, 'tags', 1, 's1', 'u1', 'wm0', '', 'pending', $2, '{}', $2, $2)`,
        [CORP, T0],
      )
      await pool.query(`INSERT INTO corp_counters (corp_id, event_seq, job_seq) VALUES ($1, 2, 1)`, [CORP])
    } finally {
      await pool.end()
    }
    const store = await pgt.open(url)
    expect(await applied(url)).toEqual([1, 2, 3])
    await store.putPolicy(CORP, policy('s1'), T0, true)
    await store.commit([add('wm1', T0 + 1)], [], 20_000)
    expect((await store.events(CORP, 0, 10)).map((e) => [e.seq, e.externalUserid])).toEqual([
      [1, 'wm0'],
      [2, 'wm9'],
      [3, 'wm1'],
    ])
    expect(
      (await store.actions(CORP, 0, 10)).map((a) => [a.id, a.eventSeq, a.kind, a.externalUserid]),
    ).toEqual([
      [1, 1, 'tags', 'wm0'],
      [2, 3, 'welcome', 'wm1'],
      [3, 3, 'tags', 'wm1'],
    ])
  })

  it('migrates once when two instances open a fresh database at the same time', async () => {
    const url = await pgt.database()
    const logged: string[] = []
    const log = (message: string) => logged.push(message)
    const opened = await Promise.all([
      openPgStorage({ url, now: () => T0, log }),
      openPgStorage({ url, now: () => T0, log }),
    ])
    try {
      expect(logged.filter((m) => m === 'PostgreSQL 迁移完成')).toHaveLength(PG_SCHEMA_VERSION)
      expect(await applied(url)).toEqual([1, 2, 3])
    } finally {
      await Promise.all(opened.map((s) => s.close()))
    }
  })

  it('refuses a database a newer relay migrated', async () => {
    const url = await pgt.database()
    await (await pgt.open(url)).close()
    const pool = createPool({ url })
    try {
      await pool.query(`INSERT INTO relay_schema (version, name, applied_at) VALUES (99, 'future', 0)`)
    } finally {
      await pool.end()
    }
    await expect(openPgStorage({ url, now: () => T0 })).rejects.toThrow(/更新的版本/)
  })
})
