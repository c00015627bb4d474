// The customer list's filters in the relations repository: name contains (as shown, '%' and '_'
// taken literally), who serves the customer now, the first-add day range in the workspace's zone
// (bounds built the way the drawer builds them), each combined with status, with `total` matching;
// and the tags each customer got through the code.

import dayjs from 'dayjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type AppDatabase } from '../../main/db'
import type { CustomerFilter } from '../../common/schemas'
import { customerFilterToQuery, emptyCustomerFilter } from '../../renderer/lib/customer-filter'
import { newCode, tempDbFile } from './db-fixtures'

const ZONE = 'Asia/Shanghai'
/** 2025-05-10 00:00 in Shanghai is 2025-05-09 16:00 UTC. */
const DAY10 = Date.UTC(2025, 4, 9, 16, 0, 0)
const DAY = 86_400_000
const min = 60_000

let db: AppDatabase
let codeId: number

beforeEach(() => {
  db = openDatabase(tempDbFile())
  codeId = db.codes.insert(newCode({ memberUserids: ['zhangsan', 'lisi'], tagIds: ['tA', 'tB'] })).id
})
afterEach(() => db.close())

function customer(externalUserid: string, name: string) {
  db.customers.upsertMany([{ externalUserid, name, avatar: '', type: 1, corpName: '', updatedAt: 0 }])
}

const list = (filter: CustomerFilter, status: 'all' | 'current' | 'lost' = 'all', pageSize = 100) =>
  db.relations.listCustomers(codeId, status, 1, pageSize, filter)

const ids = (filter: CustomerFilter, status: 'all' | 'current' | 'lost' = 'all') =>
  list(filter, status).items.map((c) => c.externalUserid)

/** The bounds the drawer sends for a 开始日期–结束日期 pair in the workspace's zone. */
const days = (start: string | null, end: string | null) =>
  customerFilterToQuery(
    { ...emptyCustomerFilter, start: start ? dayjs(start) : null, end: end ? dayjs(end) : null },
    ZONE,
  )

describe('customer list: name search', () => {
  beforeEach(() => {
    const names: [string, string][] = [
      ['wmPct', '满100%返现'],
      ['wm100', '满100元客户'],
      ['wmUnd', 'a_b 工作室'],
      ['wmAxb', 'axb 工作室'],
      ['wmAlice', 'Alice Wang'],
      ['wmSlash', 'C:\\客户'],
    ]
    names.forEach(([id, name], i) => {
      customer(id, name)
      db.relations.recordAdd(codeId, id, 'zhangsan', DAY10 + i * min, 'event')
    })
    // No WeCom name yet: the list shows the id and searches it too.
    db.relations.recordAdd(codeId, 'wmNoName', 'lisi', DAY10 + 10 * min, 'event')
  })

  it('takes % and _ literally, and a backslash too', () => {
    expect(ids({ name: '100%' })).toEqual(['wmPct'])
    expect(ids({ name: '%' })).toEqual(['wmPct'])
    expect(ids({ name: 'a_b' })).toEqual(['wmUnd'])
    expect(ids({ name: '_' })).toEqual(['wmUnd'])
    expect(ids({ name: 'C:\\' })).toEqual(['wmSlash'])
    expect(list({ name: '100' }).total).toBe(2)
  })

  it('matches case-insensitively, trims the box, and falls back to the id as shown', () => {
    expect(ids({ name: '  aLiCe ' })).toEqual(['wmAlice'])
    expect(ids({ name: 'wmnoname' })).toEqual(['wmNoName'])
    // A customer with a name is not found by their id: the list shows the name.
    expect(ids({ name: 'wmAlice' })).toEqual([])
    expect(list({ name: '' }).total).toBe(7)
  })

  it('combines with status, and total counts the filtered set across pages', () => {
    db.relations.recordLost('wmAxb', 'zhangsan', 'customer_deleted_member', DAY10 + DAY, 'event')
    expect(ids({ name: '工作室' }, 'current')).toEqual(['wmUnd'])
    expect(ids({ name: '工作室' }, 'lost')).toEqual(['wmAxb'])
    const paged = db.relations.listCustomers(codeId, 'all', 2, 10, { name: '工作室' })
    expect(paged).toEqual({ items: [], total: 2 })
    const first = db.relations.listCustomers(codeId, 'all', 1, 10, { name: '工作室' })
    expect(first.items.map((c) => c.externalUserid)).toEqual(['wmAxb', 'wmUnd'])
  })
})

describe('customer list: member filter', () => {
  it('filters by who serves the customer now, after a handover too, with status', () => {
    for (let i = 0; i < 6; i++) {
      db.relations.recordAdd(codeId, `wm${i}`, i < 4 ? 'zhangsan' : 'lisi', DAY10 + i * min, 'event')
    }
    db.relations.recordLost('wm1', 'zhangsan', 'member_deleted_customer', DAY10 + DAY, 'event')
    // wm0 was added by 张三 and is now served by 王五: the filter follows the owner.
    const wm0 = db.relations.get(codeId, 'wm0', 'zhangsan')!
    db.relations.transferTo(wm0.id, 'wangwu', DAY10 + DAY, 'event')

    expect(ids({ memberUserid: 'zhangsan' })).toEqual(['wm3', 'wm2', 'wm1'])
    expect(ids({ memberUserid: 'zhangsan' }, 'current')).toEqual(['wm3', 'wm2'])
    expect(ids({ memberUserid: 'zhangsan' }, 'lost')).toEqual(['wm1'])
    expect(ids({ memberUserid: 'wangwu' })).toEqual(['wm0'])
    expect(list({ memberUserid: 'lisi' }).total).toBe(2)
    expect(list({ memberUserid: 'nobody' })).toEqual({ items: [], total: 0 })
    // perMember lists the same people the select offers, with the counts the filter gives.
    for (const m of db.relations.perMember(codeId)) {
      expect(list({ memberUserid: m.userid }).total, m.userid).toBe(m.cumulative)
      expect(list({ memberUserid: m.userid }, 'current').total, m.userid).toBe(m.current)
    }
  })
})

describe('customer list: added date range in the workspace zone', () => {
  beforeEach(() => {
    const at: [string, number][] = [
      ['wmBefore', DAY10 - 1], // 2025-05-09 23:59:59.999 in Shanghai
      ['wmFirst', DAY10], // 2025-05-10 00:00:00.000
      ['wmLast', DAY10 + DAY - 1], // 2025-05-10 23:59:59.999
      ['wmAfter', DAY10 + DAY], // 2025-05-11 00:00:00.000
    ]
    for (const [id, when] of at) db.relations.recordAdd(codeId, id, 'zhangsan', when, 'event')
  })

  it('includes the whole end day and nothing of the days around it', () => {
    expect(ids(days('2025-05-10', '2025-05-10'))).toEqual(['wmLast', 'wmFirst'])
    expect(ids(days('2025-05-10', null))).toEqual(['wmAfter', 'wmLast', 'wmFirst'])
    expect(ids(days(null, '2025-05-10'))).toEqual(['wmLast', 'wmFirst', 'wmBefore'])
    expect(ids(days('2025-05-09', '2025-05-11'))).toHaveLength(4)
    expect(list(days('2025-05-12', '2025-05-20'))).toEqual({ items: [], total: 0 })
  })

  it('combines with status, member and name, every filter narrowing the same set', () => {
    customer('wmFirst', '早到的客户')
    customer('wmLast', '晚到的客户')
    db.relations.recordLost('wmFirst', 'zhangsan', 'customer_deleted_member', DAY10 + 2 * DAY, 'event')
    const day10 = days('2025-05-10', '2025-05-10')
    expect(ids(day10, 'current')).toEqual(['wmLast'])
    expect(ids(day10, 'lost')).toEqual(['wmFirst'])
    expect(ids({ ...day10, memberUserid: 'zhangsan', name: '客户' }, 'lost')).toEqual(['wmFirst'])
    expect(list({ ...day10, memberUserid: 'lisi' }).total).toBe(0)
    expect(list({ ...day10, name: '晚到' }, 'current').total).toBe(1)
  })
})

describe('customer list: tags given through the code', () => {
  it('names the code’s tags once the relay applied them, the repair’s own when the app did, none otherwise', () => {
    const state = db.codes.get(codeId)!.state
    for (const id of ['wmRelay', 'wmRepair', 'wmPending']) {
      db.relations.recordAdd(codeId, id, 'zhangsan', DAY10, 'event')
    }
    const job = (id: number, externalUserid: string, status: 'done' | 'pending') => ({
      id,
      eventSeq: id,
      kind: 'tags' as const,
      state,
      userid: 'zhangsan',
      externalUserid,
      status,
      attempts: 1,
      errcode: status === 'pending' ? 84061 : null,
      lastError: null,
      updatedAt: DAY10,
    })
    db.relayRecords.upsertActions([job(1, 'wmRelay', 'done'), job(2, 'wmPending', 'pending')])
    db.relayRecords.recordTagRepair({
      codeId,
      externalUserid: 'wmRepair',
      memberUserid: 'zhangsan',
      tagIds: ['tA'],
      status: 'done',
      errcode: null,
      message: null,
      at: DAY10,
    })
    const byId = new Map(list({}).items.map((c) => [c.externalUserid, c]))
    expect(byId.get('wmRelay')).toMatchObject({ tags: 'applied', appliedTagIds: ['tA', 'tB'], tagsNote: '' })
    expect(byId.get('wmRepair')).toMatchObject({
      tags: 'repaired',
      appliedTagIds: ['tA'],
      tagsNote: expect.stringContaining('补打'),
    })
    expect(byId.get('wmPending')).toMatchObject({
      tags: 'pending',
      appliedTagIds: [],
      tagsNote: '成员确认添加后会自动打上标签',
    })
  })
})
