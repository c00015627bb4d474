// The lists the UI pages through must stay index-driven at a realistic scale: 10k codes and 200k
// relations. Every statement a repository runs is captured and its EXPLAIN QUERY PLAN checked; the
// timings are printed for the record, not asserted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type AppDatabase } from '../../main/db'
import { newCode, tempDbFile } from '../unit/db-fixtures'

const CODES = 10_000
const RELATIONS = 200_000
const T0 = Date.UTC(2025, 0, 1)
const BIG = 1 // the code that gets half of all relations

let db: AppDatabase
let captured: string[] = []

beforeAll(() => {
  db = openDatabase(tempDbFile(), { trace: (sql) => captured.push(sql) })
  let start = performance.now()
  db.transaction(() => {
    for (let i = 0; i < CODES; i++) {
      db.codes.insert(
        newCode({
          name: `渠道 ${i} ${i % 7 === 0 ? '100%' : 'x'}`,
          creator: `creator${i % 20}`,
          createdAt: T0 + i * 60_000,
          memberUserids: [`u${i % 50}`],
          tagIds: [`t${i % 10}`],
        }),
      )
    }
  })
  console.log(`seed: ${CODES} codes inserted in ${(performance.now() - start).toFixed(0)} ms`)
  start = performance.now()
  db.transaction(() => {
    for (let i = 0; i < RELATIONS; i++) {
      const codeId = i % 2 === 0 ? BIG : 2 + (i % (CODES - 1))
      db.relations.recordAdd(codeId, `wm${i}`, `u${i % 50}`, T0 + i * 1000, 'event')
      if (i % 10 === 0)
        db.relations.recordLost(`wm${i}`, `u${i % 50}`, 'customer_deleted_member', T0 + i * 1000 + 1, 'event')
    }
    // Every customer has a name, so the name filter reads the customers table as it would in use.
    for (let i = 0; i < RELATIONS; i += 1000) {
      db.customers.upsertMany(
        Array.from({ length: 1000 }, (_, k) => ({
          externalUserid: `wm${i + k}`,
          name: `客户 ${i + k}`,
          avatar: '',
          type: 1,
          corpName: '',
          updatedAt: T0,
        })),
      )
    }
  })
  console.log(`seed: ${RELATIONS} relations recorded in ${(performance.now() - start).toFixed(0)} ms`)
  db.sqlite.exec('ANALYZE')
}, 120_000)
afterAll(() => db.close())

/** Runs fn, prints its time, and returns the plan lines of every statement it ran. */
function plansOf(label: string, fn: () => unknown): string[] {
  captured = []
  const start = performance.now()
  fn()
  const ms = performance.now() - start
  const statements = captured.filter((s) => /^\s*(SELECT|WITH|UPDATE|INSERT|DELETE)/i.test(s))
  const lines = statements.flatMap((s) =>
    (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${s}`).all() as { detail: string }[]).map((r) => r.detail),
  )
  console.log(`${label}: ${ms.toFixed(2)} ms\n  ${lines.join('\n  ')}`)
  return lines
}

/** Names a plan may scan whole: subqueries, CTEs and json_each lists the query builds itself. */
const DERIVED = /^SCAN (\(subquery-\d+\)|json_each\b|agg$|u$)/

/** A SCAN of a table (or its alias) without an index; with `sorted`, also a sort the index should avoid. */
function problems(lines: string[], sorted = true): string[] {
  return lines.filter((line) => {
    if (/^SCAN /.test(line) && !DERIVED.test(line) && !/USING (COVERING )?INDEX/.test(line)) return true
    return sorted && /USE TEMP B-TREE FOR ORDER BY/.test(line)
  })
}

describe('query plans at scale', () => {
  it('the plan check itself catches a table scan and a needless sort', () => {
    const lines = (
      db.sqlite
        .prepare("EXPLAIN QUERY PLAN SELECT * FROM relations WHERE lost_reason = 'x' ORDER BY lost_at")
        .all() as { detail: string }[]
    ).map((r) => r.detail)
    expect(problems(lines)).toEqual(['SCAN relations', 'USE TEMP B-TREE FOR ORDER BY'])
  })

  it('lists codes through indexes for every filter', () => {
    const cases: [string, Parameters<AppDatabase['codes']['list']>[0]][] = [
      ['codes: no filter, page 1', { page: 1, pageSize: 20 }],
      ['codes: no filter, page 400', { page: 400, pageSize: 20 }],
      ['codes: name contains 100%', { name: '100%', page: 1, pageSize: 20 }],
      ['codes: creator', { creator: 'creator3', page: 1, pageSize: 20 }],
      [
        'codes: date range',
        { createdFrom: T0 + 1000 * 60_000, createdTo: T0 + 2000 * 60_000, page: 2, pageSize: 50 },
      ],
      [
        'codes: creator + date range',
        { creator: 'creator3', createdFrom: T0, createdTo: T0 + 5000 * 60_000, page: 1, pageSize: 10 },
      ],
    ]
    for (const [label, query] of cases) {
      const lines = plansOf(label, () => db.codes.list(query))
      expect(lines.join('\n')).toContain('INDEX')
      expect(problems(lines), label).toEqual([])
    }
    // Ordered by a figure, every filtered code's counts must be known first: a sort is expected,
    // but the counts still come from the relations index, never a relations scan.
    const sorted = plansOf('codes: by current customers', () =>
      db.codes.list({ page: 1, pageSize: 20, sort: { by: 'current', dir: 'desc' } }),
    )
    expect(problems(sorted, false)).toEqual([])
    expect(sorted.join('\n')).toContain('relations_code_status_added')
    expect(db.codes.list({ name: '100%', page: 1, pageSize: 20 }).total).toBe(Math.ceil(CODES / 7))
    expect(db.codes.list({ creator: 'creator3', page: 1, pageSize: 20 }).total).toBe(CODES / 20)
  })

  it('lists a code’s customers, counts and daily figures through indexes', () => {
    const cases: [string, () => unknown][] = [
      ['customers: all, page 1', () => db.relations.listCustomers(BIG, 'all', 1, 20)],
      ['customers: current, page 50', () => db.relations.listCustomers(BIG, 'current', 50, 20)],
      ['customers: lost', () => db.relations.listCustomers(BIG, 'lost', 1, 100)],
      ['counts', () => db.relations.counts(BIG)],
      ['daily 30 days', () => db.relations.daily(BIG, 'Asia/Shanghai', 30, T0 + 3 * 86_400_000)],
      ['relation lookup by member', () => db.relations.currentRelationsByOwner('u7')],
      [
        'loss of one pair',
        () => db.relations.recordLost('wm3', 'u3', 'member_deleted_customer', T0 + 9e9, 'event'),
      ],
      ['per member', () => db.relations.perMember(BIG)],
      ['customers: member', () => db.relations.listCustomers(BIG, 'all', 1, 20, { memberUserid: 'u8' })],
      [
        'customers: member + current, page 20',
        () => db.relations.listCustomers(BIG, 'current', 20, 20, { memberUserid: 'u8' }),
      ],
      [
        'customers: added date range + lost',
        () => db.relations.listCustomers(BIG, 'lost', 1, 20, { addedFrom: T0 + 5e6, addedTo: T0 + 6e6 }),
      ],
      [
        'customers: member + date range',
        () =>
          db.relations.listCustomers(BIG, 'all', 1, 20, {
            memberUserid: 'u8',
            addedFrom: T0 + 5e6,
            addedTo: T0 + 6e6,
          }),
      ],
      // Contains cannot use an index: it reads the code's relations once, never a whole table.
      ['customers: name contains', () => db.relations.listCustomers(BIG, 'all', 1, 20, { name: '客户 12' })],
      [
        'customers: name + member + current',
        () => db.relations.listCustomers(BIG, 'current', 1, 20, { name: '12', memberUserid: 'u8' }),
      ],
    ]
    for (const [label, fn] of cases) {
      const lines = plansOf(label, fn)
      // Per member sorts its handful of aggregated rows; the relations themselves come from an index.
      expect(problems(lines, label !== 'per member'), label).toEqual([])
    }
    const counts = db.relations.counts(BIG)
    expect(counts.cumulative).toBe(RELATIONS / 2)
    expect(counts.current + counts.lost).toBe(counts.cumulative)
    expect(db.relations.listCustomers(BIG, 'lost', 1, 10).total).toBe(counts.lost)
    const u8 = db.relations.perMember(BIG).find((m) => m.userid === 'u8')!
    expect(db.relations.listCustomers(BIG, 'all', 1, 10, { memberUserid: 'u8' }).total).toBe(u8.cumulative)
    expect(db.relations.listCustomers(BIG, 'current', 1, 10, { memberUserid: 'u8' }).total).toBe(u8.current)
    // 客户 12, 客户 120 … 客户 129, 客户 1200 …: every even i (the big code's) whose name holds it.
    const named = Array.from({ length: RELATIONS / 2 }, (_, k) => `客户 ${2 * k}`)
    expect(db.relations.listCustomers(BIG, 'all', 1, 10, { name: '客户 12' }).total).toBe(
      named.filter((n) => n.includes('客户 12')).length,
    )
  })
})
