// bench trend-query: the statistics drawer's 30-day trend on a code whose history holds 110k rows
// (a popular channel: 100k adds and 10k losses over the last four weeks), read from a real SQLite file as
// the drawer asks for it. p95 over 50 reads. Target in targets.ts.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDatabase } from '../../main/db'
import { report } from './targets'

const ADDS = 100_000
const LOSSES = 10_000
const DAY = 86_400_000
const dir = mkdtempSync(path.join(tmpdir(), 'bench-trend-'))
const db = openDatabase(path.join(dir, 'app.db'))
try {
  const now = Date.now()
  const code = db.codes.insert({
    configId: 'trend-config',
    state: 'trend',
    name: '热门渠道',
    qrUrl: '',
    creator: 'bench',
    createdAt: now - 40 * DAY,
    memberUserids: ['u1'],
    tagIds: [],
    welcome: { mode: 'none', text: '', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
  })
  const relation = db.sqlite.prepare(
    `INSERT INTO relations (code_id, external_userid, member_userid, status, added_at, last_added_at, lost_at, lost_reason)
     VALUES (?, ?, 'u1', ?, ?, ?, ?, ?)`,
  )
  const history = db.sqlite.prepare(
    `INSERT INTO relation_history (relation_id, code_id, kind, reason, at, source) VALUES (?, ?, ?, ?, ?, 'event')`,
  )
  db.sqlite.transaction(() => {
    for (let i = 0; i < ADDS; i++) {
      const at = now - 28 * DAY + Math.floor((i * 28 * DAY) / ADDS)
      const lost = i < LOSSES
      const id = Number(
        relation.run(
          code.id,
          `wm${i}`,
          lost ? 'lost' : 'current',
          at,
          at,
          lost ? at + 3_600_000 : null,
          lost ? 'customer_deleted_member' : null,
        ).lastInsertRowid,
      )
      history.run(id, code.id, 'added', null, at)
      if (lost) history.run(id, code.id, 'lost', 'customer_deleted_member', at + 3_600_000)
    }
  })()
  const times: number[] = []
  let days = 0
  for (let i = 0; i < 55; i++) {
    const t = performance.now()
    const trend = db.relations.daily(code.id, 'Asia/Shanghai', 30, now)
    const elapsed = performance.now() - t
    if (i >= 5) times.push(elapsed) // the first reads warm the page cache
    days = trend.length
    const added = trend.reduce((n, d) => n + d.added, 0)
    if (added !== ADDS) throw new Error(`trend counts ${added} adds, expected ${ADDS}`)
  }
  times.sort((a, b) => a - b)
  const p95 = times[Math.floor(times.length * 0.95)]!
  report('trend-query', p95, `${days} days, p50 ${times[Math.floor(times.length / 2)]!.toFixed(2)} ms`)
} finally {
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
