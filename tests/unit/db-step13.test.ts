// Desktop db step 13 (issue 17): relay_actions.detail and the funnel index. Actions stored before the
// step are kept (detail null), and the funnel query reads through the new index.

import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, openDatabase } from '../../main/db'
import { configureConnection } from '../../main/db/connection'
import { tempDbFile } from './db-fixtures'

describe('database step 13', () => {
  it('adds relay_actions.detail, keeps the actions there, and the funnel reads them', () => {
    const file = tempDbFile()
    const raw = new Database(file)
    configureConnection(raw)
    migrate(raw, { target: 10 })
    raw.exec(`INSERT INTO codes (id, config_id, state, name, qr_url, creator, created_at, updated_at)
      VALUES (1, 'cfg1', 'st1', '门店海报', 'https://q/1', '张三', 1000, 1000)`)
    raw.exec(`INSERT INTO relations (code_id, external_userid, member_userid, owner_userid, status, added_at, last_added_at)
      VALUES (1, 'wmA', 'zhangsan', 'zhangsan', 'current', 2000, 2000)`)
    raw.exec(`INSERT INTO relay_actions (id, kind, state, userid, external_userid, status, attempts, errcode, updated_at)
      VALUES (1, 'welcome', 'st1', 'zhangsan', 'wmA', 'failed', 1, 41051, 2001)`)
    raw.close()

    const db = openDatabase(file)
    const cols = (db.sqlite.prepare('PRAGMA table_info(relay_actions)').all() as { name: string }[]).map(
      (c) => c.name,
    )
    expect(cols).toContain('detail')
    expect(db.sqlite.prepare('SELECT detail FROM relay_actions WHERE id = 1').get()).toEqual({ detail: null })
    const funnel = db.funnel.of(1)
    expect(funnel.totals).toEqual({ adds: 1, welcomeSent: 0, tagsApplied: 0, remarkSet: 0 })
    expect(funnel.failures).toEqual([
      { stage: 'welcome', reason: '客户已在与成员聊天，或其他应用已先发送了欢迎语（41051）', count: 1 },
    ])
    const plan = db.sqlite
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM relay_actions a WHERE a.state = 'st1' AND a.kind = 'remark' AND a.userid = 'u' AND a.external_userid = 'e' ORDER BY a.id DESC LIMIT 1",
      )
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/relay_actions_(funnel|relation)/)
    db.close()
  })
})
