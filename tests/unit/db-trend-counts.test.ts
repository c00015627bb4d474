// The statistics drawer's daily trend comes from quarter-hour counts kept by triggers (db step 8).
// Whatever happens to the history — adds, losses, re-adds, an undone loss, relations deleted — the
// trend must equal a count of the history rows themselves, day by day, in any time zone.

import fc from 'fast-check'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../main/db'
import { lastZonedDays } from '../../main/db/zoned-days'

const DAY = 86_400_000

describe('the daily trend', () => {
  it('equals a count of the history rows, day by day, through inserts, deletes and edits, in any zone', () => {
    const now = Date.UTC(2026, 11, 2, 6, 7, 0)
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 35 * DAY }),
            kind: fc.constantFrom('added', 'lost', 'readded'),
          }),
          {
            maxLength: 80,
          },
        ),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.constantFrom(
          'Asia/Shanghai',
          'America/New_York',
          'Asia/Kathmandu',
          'Europe/London',
          'Australia/Lord_Howe',
        ),
        (rows, removals, timeZone) => {
          const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'trend-')), 'app.db'))
          try {
            const code = db.codes.insert({
              configId: 'cfg',
              state: 'st',
              name: '渠道',
              qrUrl: '',
              creator: 't',
              createdAt: now - 40 * DAY,
              memberUserids: ['u1'],
              tagIds: [],
              welcome: { mode: 'none', text: '', attachment: null },
              autoAccept: { mode: 'on', windows: [] },
            })
            const relation = Number(
              db.sqlite
                .prepare(
                  `INSERT INTO relations (code_id, external_userid, member_userid, status, added_at, last_added_at)
                   VALUES (?, 'wm1', 'u1', 'current', ?, ?)`,
                )
                .run(code.id, now, now).lastInsertRowid,
            )
            const insert = db.sqlite.prepare(
              `INSERT INTO relation_history (relation_id, code_id, kind, reason, at, source) VALUES (?, ?, ?, NULL, ?, 'event')`,
            )
            for (const r of rows) insert.run(relation, code.id, r.kind, now - r.at)
            const ids = db.sqlite
              .prepare('SELECT id FROM relation_history ORDER BY id')
              .pluck()
              .all() as number[]
            for (const k of removals)
              if (ids.length)
                db.sqlite.prepare('DELETE FROM relation_history WHERE id = ?').run(ids[k % ids.length])
            if (ids.length > 1)
              db.sqlite
                .prepare('UPDATE relation_history SET at = at - ? , kind = ? WHERE id = ?')
                .run(DAY, 'lost', ids[1])

            const history = db.sqlite.prepare('SELECT kind, at FROM relation_history').all() as {
              kind: string
              at: number
            }[]
            const expected = lastZonedDays(timeZone, 30, now).map((d) => ({
              date: d.date,
              added: history.filter((h) => h.kind !== 'lost' && h.at >= d.from && h.at < d.to).length,
              lost: history.filter((h) => h.kind === 'lost' && h.at >= d.from && h.at < d.to).length,
            }))
            expect(db.relations.daily(code.id, timeZone, 30, now)).toEqual(expected)
          } finally {
            db.close()
          }
        },
      ),
      { numRuns: 60, seed: 20261202 },
    )
  })
})
