import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RelayEvent } from '../../common/relay-api'
import { openDatabase, SYNC_KEYS, type AppDatabase } from '../../main/db'
import { tempDbFile } from './db-fixtures'

let db: AppDatabase
beforeEach(() => {
  db = openDatabase(tempDbFile())
})
afterEach(() => db.close())

const member = (userid: string, name: string, canFollow = true) => ({
  userid,
  name,
  departmentIds: [1],
  status: 1,
  canFollow,
})

const event = (seq: number): RelayEvent => ({
  seq,
  event: 'change_external_contact',
  changeType: 'add_external_contact',
  userid: 'zhangsan',
  externalUserid: `wm${seq}`,
  state: 'st1',
  createTime: 1_700_000_000 + seq,
  receivedAt: 1_700_000_000_000 + seq,
  source: 'callback',
})

describe('members, departments and tags from a sync', () => {
  it('keeps the manager’s enabled choice across syncs and marks missing members removed', () => {
    db.members.replaceAll([member('zhangsan', '张三'), member('lisi', '李四')], 1)
    db.members.setEnabled('lisi', false, 2)
    const result = db.members.replaceAll([member('zhangsan', '张三丰'), member('lisi', '李四', false)], 3)
    expect(result).toEqual({ upserted: 2, removed: 0 })
    expect(db.members.get('lisi')).toMatchObject({ enabled: false, canFollow: false })
    expect(db.members.get('zhangsan')).toMatchObject({ name: '张三丰', enabled: true, departmentIds: [1] })

    expect(db.members.replaceAll([member('zhangsan', '张三丰')], 4).removed).toBe(1)
    expect(db.members.list().map((m) => m.userid)).toEqual(['zhangsan'])
    expect(db.members.list({ includeRemoved: true })).toHaveLength(2)
    // Coming back keeps the old switch.
    db.members.replaceAll([member('zhangsan', '张三丰'), member('lisi', '李四')], 5)
    expect(db.members.get('lisi')).toMatchObject({ enabled: false, canFollow: true })
  })

  it('replaces departments', () => {
    db.departments.replaceAll([
      { id: 1, name: '总部', parentId: 0 },
      { id: 2, name: '销售部', parentId: 1 },
    ])
    db.departments.replaceAll([{ id: 2, name: '销售一部', parentId: 1 }])
    expect(db.departments.list()).toEqual([{ id: 2, name: '销售一部', parentId: 1 }])
  })

  it('flags tags missing from a sync as deleted but still resolves their names', () => {
    db.tags.replaceAll(
      [
        {
          groupId: 'g1',
          name: '性别',
          order: 1,
          tags: [
            { id: 't1', name: '女', groupId: 'g1', order: 1 },
            { id: 't2', name: '男', groupId: 'g1', order: 2 },
          ],
        },
        {
          groupId: 'g2',
          name: '客户等级',
          order: 2,
          tags: [{ id: 't3', name: '重要', groupId: 'g2', order: 1 }],
        },
      ],
      1,
    )
    db.tags.replaceAll(
      [{ groupId: 'g1', name: '性别', order: 1, tags: [{ id: 't1', name: '女', groupId: 'g1', order: 1 }] }],
      2,
    )
    expect(db.tags.listGroups()).toEqual([
      { groupId: 'g1', name: '性别', order: 1, tags: [{ id: 't1', name: '女', groupId: 'g1', order: 1 }] },
    ])
    expect(db.tags.getMany(['t2', 't3']).map((t) => [t.name, t.deleted])).toEqual([
      ['男', true],
      ['重要', true],
    ])
  })
})

describe('raw events and sync state', () => {
  it('stores each relay event once by seq and tracks which are applied', () => {
    expect(db.events.insertMany([event(1), event(2), event(3)])).toBe(3)
    expect(db.events.insertMany([event(2), event(3), event(4)])).toBe(1)
    expect(db.events.maxSeq()).toBe(4)
    db.events.markApplied([1, 3], 99)
    const pending = db.events.listUnapplied()
    expect(pending.map((e) => e.seq)).toEqual([2, 4])
    expect(pending[0]).toEqual({ ...event(2), appliedAt: null })
    expect(db.events.listUnapplied(1)).toHaveLength(1)
    db.events.clear()
    expect(db.events.maxSeq()).toBe(0)
  })

  it('keeps sync state by key', () => {
    expect(db.syncState.get(SYNC_KEYS.relayCursor)).toBeNull()
    db.syncState.setNumber(SYNC_KEYS.relayCursor, 42)
    db.syncState.set(SYNC_KEYS.lastError, '网络不可用')
    expect(db.syncState.getNumber(SYNC_KEYS.relayCursor)).toBe(42)
    db.syncState.set(SYNC_KEYS.lastError, null)
    expect(db.syncState.all()).toEqual({ [SYNC_KEYS.relayCursor]: '42', [SYNC_KEYS.lastError]: null })
  })
})

describe('workspace row', () => {
  it('saves one workspace, keeps its creation time and holds no secret columns', () => {
    expect(db.workspace.get()).toBeNull()
    const base = {
      kind: 'sandbox' as const,
      corpId: 'wwsandbox',
      corpName: '演示企业',
      relayUrl: 'http://127.0.0.1:8787',
      apiBase: '',
      timeZone: 'Asia/Shanghai',
      callbackToken: 'tok',
      encodingAesKey: 'k'.repeat(43),
      defaultWelcome: { text: '欢迎', attachment: null },
    }
    db.workspace.save(base, 10)
    const saved = db.workspace.save({ ...base, kind: 'corp', corpId: 'ww123' }, 20)
    expect(saved).toMatchObject({ kind: 'corp', corpId: 'ww123', createdAt: 10, updatedAt: 20 })
    expect(saved.defaultWelcome).toEqual({ text: '欢迎', attachment: null })
    expect(db.sqlite.prepare('SELECT count(*) FROM workspace').pluck().get()).toBe(1)
    const cols = (db.sqlite.prepare('PRAGMA table_info(workspace)').all() as { name: string }[]).map(
      (c) => c.name,
    )
    expect(cols.some((c) => /secret|relay_key|password/.test(c))).toBe(false)
  })
})
