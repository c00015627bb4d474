import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  checkMigrationList,
  LATEST_VERSION,
  migrate,
  MigrationFailedError,
  migrations,
  NewerDatabaseError,
  openDatabase,
  schemaVersion,
  UnknownMigrationError,
  type Migration,
} from '../../main/db'
import { configureConnection } from '../../main/db/connection'
import { newCode, tempDbFile } from './db-fixtures'

/** A raw connection migrated only as far as an older app would have. */
function rawAt(file: string, version: number): Database.Database {
  const db = new Database(file)
  configureConnection(db)
  migrate(db, { target: version })
  return db
}

const columns = (db: Database.Database, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)

const tableExists = (db: Database.Database, name: string) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined

/** Rows every schema can hold: a code with a member, and one current and one lost relation. */
function seedVersion1(db: Database.Database): void {
  db.prepare(
    `INSERT INTO codes (id, config_id, state, name, qr_url, creator, created_at, updated_at)
     VALUES (1, 'cfg1', 'st1', '门店海报', 'https://q/1', '张三', 1000, 1000)`,
  ).run()
  db.prepare("INSERT INTO code_members (code_id, position, userid) VALUES (1, 0, 'zhangsan')").run()
  db.prepare(
    `INSERT INTO relations (code_id, external_userid, member_userid, status, added_at, last_added_at)
     VALUES (1, 'wmA', 'zhangsan', 'current', 2000, 2000)`,
  ).run()
  db.prepare(
    `INSERT INTO relations (code_id, external_userid, member_userid, status, added_at, last_added_at, lost_at, lost_reason)
     VALUES (1, 'wmB', 'zhangsan', 'lost', 3000, 3000, 4000, 'customer_deleted_member')`,
  ).run()
  // From step 2 on, the app writes history alongside each relation change.
  if (tableExists(db, 'relation_history')) {
    db.exec(`INSERT INTO relation_history (relation_id, code_id, kind, reason, at, source) VALUES
      (1, 1, 'added', NULL, 2000, 'event'), (2, 1, 'added', NULL, 3000, 'event'),
      (2, 1, 'lost', 'customer_deleted_member', 4000, 'event')`)
  }
}

describe('database migrations', () => {
  it('ships steps numbered 1, 2, 3 … in strictly increasing order', () => {
    const versions = migrations.map((m) => m.version)
    expect(versions).toEqual(versions.map((_, i) => i + 1))
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(2)
    const step = (version: number): Migration => ({ version, name: `s${version}`, up: () => {} })
    expect(() => checkMigrationList([step(1), step(1)])).toThrow(/strictly increase/)
    expect(() => checkMigrationList([step(2), step(1)])).toThrow(/strictly increase/)
  })

  it('opens a new file on the newest version with WAL, foreign keys and user_version mirrored', () => {
    const db = openDatabase(tempDbFile())
    expect(db.version).toBe(LATEST_VERSION)
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1)
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    const rows = db.sqlite.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()
    expect(rows).toEqual(migrations.map((m) => m.version))
    db.close()
  })

  it('lets a second connection open the same file and read what the first wrote', () => {
    const file = tempDbFile()
    const a = openDatabase(file)
    const b = openDatabase(file)
    const code = a.codes.insert(newCode({ name: '共享' }))
    expect(b.codes.get(code.id)?.name).toBe('共享')
    expect(b.version).toBe(LATEST_VERSION)
    a.close()
    b.close()
  })

  it('opens an in-memory database too', () => {
    const db = openDatabase(':memory:')
    expect(db.version).toBe(LATEST_VERSION)
    db.close()
  })

  it('step 2 keeps relations from step 1 and rebuilds their history', () => {
    const file = tempDbFile()
    const db = rawAt(file, 1)
    seedVersion1(db)
    expect(tableExists(db, 'relation_history')).toBe(false)
    migrate(db, { target: 2 })
    expect(schemaVersion(db)).toBe(2)
    expect(db.prepare('SELECT count(*) FROM relations').pluck().get()).toBe(2)
    const history = db
      .prepare(
        'SELECT r.external_userid AS ext, h.kind, h.reason, h.at FROM relation_history h JOIN relations r ON r.id = h.relation_id ORDER BY h.at',
      )
      .all()
    expect(history).toEqual([
      { ext: 'wmA', kind: 'added', reason: null, at: 2000 },
      { ext: 'wmB', kind: 'added', reason: null, at: 3000 },
      { ext: 'wmB', kind: 'lost', reason: 'customer_deleted_member', at: 4000 },
    ])
    db.prepare(
      `INSERT INTO raw_events (seq, change_type, userid, external_userid, state, create_time, received_at)
       VALUES (1, 'add_external_contact', 'zhangsan', 'wmC', 'st1', 5, 5000)`,
    ).run()
    expect(db.prepare('SELECT count(*) FROM raw_events WHERE applied_at IS NULL').pluck().get()).toBe(1)
    db.close()
  })

  it('step 3 keeps codes from step 2 and adds the qr_content cache and list indexes', () => {
    const file = tempDbFile()
    const db = rawAt(file, 2)
    seedVersion1(db)
    expect(columns(db, 'codes')).not.toContain('qr_content')
    migrate(db, { target: 3 })
    expect(columns(db, 'codes')).toContain('qr_content')
    expect(db.prepare('SELECT name, qr_content FROM codes WHERE id = 1').get()).toEqual({
      name: '门店海报',
      qr_content: null,
    })
    db.prepare("UPDATE codes SET qr_content = 'https://work.weixin.qq.com/ca/x' WHERE id = 1").run()
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all()
    expect(indexes).toEqual(
      expect.arrayContaining(['codes_live_created', 'codes_live_creator', 'relations_code_status_added']),
    )
    db.close()
  })

  it('step 4 rebuilds codes so only a set state must be unique, keeping every child row', () => {
    const file = tempDbFile()
    const db = rawAt(file, 3)
    seedVersion1(db)
    db.prepare("UPDATE codes SET qr_content = 'https://work.weixin.qq.com/ca/x' WHERE id = 1").run()
    const insertEmpty = (id: number) =>
      db
        .prepare(
          `INSERT INTO codes (id, config_id, state, name, created_at, updated_at, origin) VALUES (?, ?, '', ?, 1, 1, 'imported')`,
        )
        .run(id, `cfg${id}`, `导入${id}`)
    insertEmpty(2)
    expect(() => insertEmpty(3)).toThrow(/UNIQUE/)
    migrate(db, { target: 4 })
    expect(schemaVersion(db)).toBe(4)
    insertEmpty(3)
    expect(db.prepare("SELECT count(*) FROM codes WHERE state = ''").pluck().get()).toBe(2)
    expect(() =>
      db
        .prepare(
          "INSERT INTO codes (config_id, state, name, created_at, updated_at) VALUES ('c9', 'st1', '重复', 1, 1)",
        )
        .run(),
    ).toThrow(/UNIQUE/)
    expect(db.prepare('SELECT name, qr_content FROM codes WHERE id = 1').get()).toEqual({
      name: '门店海报',
      qr_content: 'https://work.weixin.qq.com/ca/x',
    })
    expect(db.prepare('SELECT count(*) FROM code_members WHERE code_id = 1').pluck().get()).toBe(1)
    expect(db.prepare('SELECT count(*) FROM relations WHERE code_id = 1').pluck().get()).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    // The rebuilt table still cascades to its children.
    db.prepare("INSERT INTO code_members (code_id, position, userid) VALUES (2, 0, 'lisi')").run()
    db.prepare('DELETE FROM codes WHERE id = 2').run()
    expect(db.prepare('SELECT count(*) FROM code_members WHERE code_id = 2').pluck().get()).toBe(0)
    db.close()
  })

  it('step 6 records the way type of the codes the first release made (type 1 for one member)', () => {
    const file = tempDbFile()
    const db = rawAt(file, 5)
    seedVersion1(db)
    db.prepare(
      `INSERT INTO codes (id, config_id, state, name, created_at, updated_at) VALUES (2, 'cfg2', 'st2', '多人码', 1, 1)`,
    ).run()
    db.prepare(
      "INSERT INTO code_members (code_id, position, userid) VALUES (2, 0, 'zhangsan'), (2, 1, 'lisi')",
    ).run()
    db.prepare(
      `INSERT INTO codes (id, config_id, state, name, created_at, updated_at, origin) VALUES (3, 'cfg3', '', '导入', 1, 1, 'imported')`,
    ).run()
    migrate(db, { target: 6 })
    expect(db.prepare('SELECT id, way_type, party_ids FROM codes ORDER BY id').all()).toEqual([
      { id: 1, way_type: 1, party_ids: '[]' },
      { id: 2, way_type: 2, party_ids: '[]' },
      // An imported way's type is read from WeCom at its first edit.
      { id: 3, way_type: null, party_ids: '[]' },
    ])
    expect(tableExists(db, 'code_qr_history')).toBe(true)
    db.close()
  })

  it('step 7 gives every relation its owner and keeps who judged each loss', () => {
    const file = tempDbFile()
    const db = rawAt(file, 1)
    seedVersion1(db)
    migrate(db, { target: 6 })
    expect(columns(db, 'relations')).not.toContain('owner_userid')
    migrate(db, { target: 7 })
    expect(
      db
        .prepare(
          'SELECT external_userid, member_userid, owner_userid, pending_confirm, handover, lost_source FROM relations ORDER BY id',
        )
        .all(),
    ).toEqual([
      expect.objectContaining({
        owner_userid: 'zhangsan',
        pending_confirm: 0,
        handover: null,
        lost_source: null,
      }),
      // seedVersion1's lost relation: its history says reconcile (step 2 rebuilt it so).
      expect.objectContaining({ owner_userid: 'zhangsan', lost_source: 'reconcile' }),
    ])
    expect(tableExists(db, 'relation_handovers')).toBe(true)
    db.close()
  })

  it('step 8 counts the history already there into quarter-hour buckets, and keeps counting', () => {
    const file = tempDbFile()
    const db = rawAt(file, 1)
    seedVersion1(db)
    migrate(db, { target: 7 })
    const history = db.prepare('SELECT code_id, kind, at FROM relation_history ORDER BY id').all() as {
      code_id: number
      kind: string
      at: number
    }[]
    migrate(db, { target: 8 })
    const totals = () =>
      db.prepare('SELECT sum(added) AS added, sum(lost) AS lost FROM code_trend_counts').get() as {
        added: number
        lost: number
      }
    expect(totals()).toEqual({
      added: history.filter((h) => h.kind !== 'lost').length,
      lost: history.filter((h) => h.kind === 'lost').length,
    })
    // The triggers keep the counts in the same transaction as the history.
    db.prepare('DELETE FROM relation_history WHERE kind = ?').run('lost')
    expect(totals().lost).toBe(0)
    db.close()
  })

  it('step 9 adds pending deletes: the codes already there stay live and none is pending', () => {
    const file = tempDbFile()
    const raw = rawAt(file, 8)
    seedVersion1(raw)
    migrate(raw, { target: 9 })
    expect(columns(raw, 'pending_deletes')).toEqual(['code_id', 'requested_at', 'due_at'])
    expect(raw.prepare('SELECT count(*) AS n FROM pending_deletes').get()).toEqual({ n: 0 })
    raw.close()

    const db = openDatabase(file)
    expect(db.codes.get(1)?.deletedAt).toBeNull()
    // The row ties to its code: a delete can only be pending for a code that exists.
    expect(() => db.sqlite.prepare('INSERT INTO pending_deletes VALUES (999, 1, 2)').run()).toThrow(
      /FOREIGN KEY/,
    )
    expect(db.pendingDeletes.schedule(1, 1000, 6000)).toBe(true)
    expect(db.codes.get(1)).toBeNull()
    expect(db.pendingDeletes.undo(1, 5999)).toBe('restored')
    expect(db.codes.get(1)?.name).toBe('门店海报')
    db.close()
  })

  it('step 10 indexes relations by code and current owner, and the member filter reads through it', () => {
    const file = tempDbFile()
    const db = rawAt(file, 1)
    seedVersion1(db)
    migrate(db, { target: 9 })
    const indexes = () => db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all()
    expect(indexes()).not.toContain('relations_code_owner_added')
    migrate(db, { target: 10 })
    expect(indexes()).toContain('relations_code_owner_added')
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT count(*) FROM relations r
           WHERE r.code_id = 1 AND +r.status = 'current' AND r.owner_userid = 'zhangsan'`,
        )
        .all() as { detail: string }[]
    ).map((r) => r.detail)
    expect(plan.join('\n')).toContain('COVERING INDEX relations_code_owner_added')
    expect(
      db
        .prepare("SELECT count(*) FROM relations WHERE code_id = 1 AND owner_userid = 'zhangsan'")
        .pluck()
        .get(),
    ).toBe(2)
    db.close()
  })

  it('step 14 adds code groups and QR styles: codes already there are 未分组 in the plain style', () => {
    const file = tempDbFile()
    const raw = rawAt(file, 10)
    seedVersion1(raw)
    migrate(raw, { target: 14 })
    expect(columns(raw, 'code_groups')).toEqual(['id', 'name', 'created_at'])
    expect(columns(raw, 'code_group_members')).toEqual(['code_id', 'group_id'])
    expect(columns(raw, 'code_qr_styles')).toEqual([
      'code_id',
      'foreground',
      'background',
      'caption',
      'logo_bytes',
      'logo_mime',
      'logo_file_name',
    ])
    raw.close()

    const db = openDatabase(file)
    expect(db.codeGroups.list()).toEqual([])
    expect(db.codeGroups.groupsOf([1]).size).toBe(0)
    expect(db.qrStyles.get(1)).toEqual({
      foreground: '#000000',
      background: '#ffffff',
      caption: '',
      logo: null,
    })
    // A membership ties to a real code and a real group.
    expect(() => db.sqlite.prepare('INSERT INTO code_group_members VALUES (999, 1)').run()).toThrow(
      /FOREIGN KEY/,
    )
    const g = db.codeGroups.create('门店', 5000)
    expect(db.codeGroups.move([1], g.id)).toBe(1)
    // Deleting the group leaves the code itself alone: it is 未分组 again.
    expect(db.codeGroups.remove(g.id)).toBe(1)
    expect(db.codeGroups.groupsOf([1]).size).toBe(0)
    expect(db.codes.get(1)?.name).toBe('门店海报')
    db.close()
  })

  it('step 15 adds the rich welcome: codes already there have none, a saved one reads back', () => {
    const file = tempDbFile()
    const raw = rawAt(file, 14)
    seedVersion1(raw)
    migrate(raw, { target: 15 })
    expect(columns(raw, 'code_rich_welcome')).toEqual(['code_id', 'data'])
    expect(() => raw.prepare("INSERT INTO code_rich_welcome VALUES (999, '{}')").run()).toThrow(/FOREIGN KEY/)
    raw.close()

    const db = openDatabase(file)
    expect(db.codes.get(1)?.rich).toBeUndefined()
    const rich = { autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '' } }
    expect(db.codes.update(1, { rich, updatedAt: 2000 }).rich).toEqual(rich)
    expect(db.codes.get(1)?.rich).toEqual(rich)
    // An empty one removes the row.
    expect(db.codes.update(1, { rich: { autoRemark: null }, updatedAt: 3000 }).rich).toBeUndefined()
    expect(db.sqlite.prepare('SELECT count(*) FROM code_rich_welcome').pluck().get()).toBe(0)
    db.close()
  })

  it('opens a database left by every earlier version on the newest, data carried across', () => {
    for (let version = 0; version < LATEST_VERSION; version++) {
      const file = tempDbFile()
      const raw = rawAt(file, version)
      if (version >= 1) seedVersion1(raw)
      raw.close()

      const db = openDatabase(file)
      expect(db.version).toBe(LATEST_VERSION)
      if (version >= 1) {
        const code = db.codes.get(1)
        expect(code?.name).toBe('门店海报')
        expect(code?.memberUserids).toEqual(['zhangsan'])
        expect(db.relations.counts(1)).toEqual({ cumulative: 2, lost: 1, current: 1 })
        const wmB = db.relations.get(1, 'wmB', 'zhangsan')!
        expect(db.relations.history(wmB.id).map((h) => h.kind)).toEqual(['added', 'lost'])
      }
      // The newest schema works on the carried-over file.
      db.codes.insert(newCode({ name: `升级后 ${version}` }))
      db.close()
    }
  })

  it('refuses a database from a newer app with a clear Chinese and English message, leaving it untouched', () => {
    const file = tempDbFile()
    const raw = rawAt(file, LATEST_VERSION)
    raw
      .prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)')
      .run(LATEST_VERSION + 5, 'from the future', 1)
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`)
    raw.close()

    let error: unknown
    try {
      openDatabase(file)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(NewerDatabaseError)
    const message = (error as Error).message
    expect(message).toContain('更新版本')
    expect(message).toContain('请升级应用')
    expect(message).toContain('newer version')
    expect(message).toContain(String(LATEST_VERSION + 5))

    const check = new Database(file)
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 5)
    check.close()
  })

  it('refuses a database that records a step this app never shipped', () => {
    const file = tempDbFile()
    const raw = rawAt(file, 1)
    raw.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (0, 'ghost', 1)").run()
    raw.close()
    expect(() => openDatabase(file)).toThrow(UnknownMigrationError)
  })

  it('rolls a failing step back fully and keeps the earlier version', () => {
    const file = tempDbFile()
    const db = rawAt(file, LATEST_VERSION)
    seedVersion1(db)
    const failing: Migration = {
      version: LATEST_VERSION + 1,
      name: 'half done',
      up(conn) {
        conn.exec('CREATE TABLE half_done (x INTEGER)')
        conn.exec('ALTER TABLE codes ADD COLUMN half_done TEXT')
        conn.exec("UPDATE codes SET name = 'changed'")
        throw new Error('disk on fire')
      },
    }
    expect(() => migrate(db, { list: [...migrations, failing] })).toThrow(MigrationFailedError)
    expect(() => migrate(db, { list: [...migrations, failing] })).toThrow(/第 \d+ 步.*已撤销.*disk on fire/s)
    expect(tableExists(db, 'half_done')).toBe(false)
    expect(columns(db, 'codes')).not.toContain('half_done')
    expect(db.prepare('SELECT name FROM codes WHERE id = 1').pluck().get()).toBe('门店海报')
    expect(schemaVersion(db)).toBe(LATEST_VERSION)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    expect(db.prepare('SELECT max(version) FROM schema_version').pluck().get()).toBe(LATEST_VERSION)
    db.close()
    // And the file still opens normally afterwards.
    const reopened = openDatabase(file)
    expect(reopened.codes.get(1)?.name).toBe('门店海报')
    reopened.close()
  })
})
