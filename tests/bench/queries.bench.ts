// bench queries: the code list and a code's customer list on 10k codes / 200k relations, as the UI asks
// for them (filters, paging, status), read from a real SQLite file. Target in targets.ts.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDatabase, type AppDatabase } from '../../main/db'
import { report } from './targets'

const CODES = 10_000
const RELATIONS = 200_000
const MEMBERS = 200
const SAMPLES = 400

function seed(db: AppDatabase): void {
  const t0 = Date.UTC(2024, 0, 1)
  db.members.replaceAll(
    Array.from({ length: MEMBERS }, (_, i) => ({
      userid: `u${i}`,
      name: `成员${i}`,
      departmentIds: [1],
      status: 1,
      canFollow: true,
    })),
    t0,
  )
  const insert = db.sqlite.prepare(
    `INSERT INTO codes (config_id, state, name, qr_url, creator, created_at, updated_at, origin, relay_state)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'app', 'synced')`,
  )
  const member = db.sqlite.prepare('INSERT INTO code_members (code_id, position, userid) VALUES (?, ?, ?)')
  const tag = db.sqlite.prepare('INSERT INTO code_tags (code_id, position, tag_id) VALUES (?, ?, ?)')
  const relation = db.sqlite.prepare(
    `INSERT INTO relations (code_id, external_userid, member_userid, status, added_at, last_added_at, lost_at,
       lost_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const history = db.sqlite.prepare(
    `INSERT INTO relation_history (relation_id, code_id, kind, reason, at, source) VALUES (?, ?, 'added', NULL, ?, 'event')`,
  )
  db.sqlite.transaction(() => {
    for (let i = 1; i <= CODES; i++) {
      const at = t0 + i * 60_000
      insert.run(`cfg${i}`, `st${i}`, `渠道活码 ${i} 号`, `https://p.qpic.cn/${i}`, `创建人${i % 7}`, at, at)
      member.run(i, 0, `u${i % MEMBERS}`)
      member.run(i, 1, `u${(i + 1) % MEMBERS}`)
      tag.run(i, 0, `tag${i % 20}`)
    }
    // Skewed like real channels: a few popular codes hold most customers.
    for (let r = 0; r < RELATIONS; r++) {
      const codeId = r % 2 === 0 ? 1 + (r % 50) : 1 + (r % CODES)
      const lost = r % 5 === 0
      const at = t0 + r * 1000
      const id = relation.run(
        codeId,
        `wm${r}`,
        `u${r % MEMBERS}`,
        lost ? 'lost' : 'current',
        at,
        at,
        lost ? at + 1000 : null,
        lost ? 'customer_deleted_member' : null,
      ).lastInsertRowid
      history.run(id, codeId, at)
    }
    db.customers.upsertMany(
      Array.from({ length: 20_000 }, (_, i) => ({
        externalUserid: `wm${i * 10}`,
        name: `客户${i}`,
        avatar: '',
        type: 1,
        corpName: '',
        updatedAt: t0,
      })),
    )
  })()
  db.sqlite.exec('ANALYZE')
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0
}

function time(fn: () => unknown): number {
  const start = performance.now()
  fn()
  return performance.now() - start
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-queries-'))
const db = openDatabase(path.join(dir, 'app.db'))
try {
  const seedStart = performance.now()
  seed(db)
  console.log(
    `seeded ${CODES} codes, ${RELATIONS} relations in ${Math.round(performance.now() - seedStart)} ms`,
  )
  const sizes = [10, 20, 50, 100] as const
  const codeList: number[] = []
  const customerList: number[] = []
  const stats: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const pageSize = sizes[i % sizes.length]!
    const filter =
      i % 4 === 0
        ? {}
        : i % 4 === 1
          ? { name: String(i % 100) }
          : i % 4 === 2
            ? { creator: `创建人${i % 7}` }
            : { createdFrom: Date.UTC(2024, 0, 2), createdTo: Date.UTC(2024, 0, 5) }
    codeList.push(time(() => db.codes.list({ ...filter, page: 1 + (i % 20), pageSize })))
    const codeId = i % 3 === 0 ? 1 + (i % 50) : 1 + ((i * 37) % CODES)
    const status = (['all', 'current', 'lost'] as const)[i % 3]!
    customerList.push(time(() => db.relations.listCustomers(codeId, status, 1 + (i % 10), pageSize)))
    stats.push(time(() => db.relations.counts(codeId)))
  }
  const worst = Math.max(p95(codeList), p95(customerList))
  console.log(`code list p95 ${p95(codeList).toFixed(2)} ms`)
  console.log(`customer list p95 ${p95(customerList).toFixed(2)} ms`)
  console.log(`counts p95 ${p95(stats).toFixed(2)} ms`)
  report('queries', worst)
} finally {
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
