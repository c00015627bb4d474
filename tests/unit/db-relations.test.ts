import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type AppDatabase } from '../../main/db'
import { newCode, tempDbFile } from './db-fixtures'

let db: AppDatabase
let codeId: number
const T0 = Date.UTC(2025, 4, 10, 2, 0, 0)
const min = 60_000

beforeEach(() => {
  db = openDatabase(tempDbFile())
  codeId = db.codes.insert(newCode({ memberUserids: ['zhangsan', 'lisi'] })).id
})
afterEach(() => db.close())

/** The seed's scenario: three customers add 张三 through the code. */
function threeAdds() {
  db.relations.recordAdd(codeId, 'wmA', 'zhangsan', T0, 'event')
  db.relations.recordAdd(codeId, 'wmB', 'zhangsan', T0 + min, 'event')
  db.relations.recordAdd(codeId, 'wmC', 'zhangsan', T0 + 2 * min, 'event')
}

describe('relation counting rules', () => {
  it('three adds give cumulative 3, lost 0, current 3', () => {
    threeAdds()
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 3, lost: 0, current: 3 })
  })

  it('a customer deleting the member makes current 2, lost 1, cumulative 3', () => {
    threeAdds()
    const changed = db.relations.recordLost(
      'wmB',
      'zhangsan',
      'customer_deleted_member',
      T0 + 10 * min,
      'event',
    )
    expect(changed).toBe(1)
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 3, lost: 1, current: 2 })
    expect(db.relations.get(codeId, 'wmB', 'zhangsan')).toMatchObject({
      status: 'lost',
      lostReason: 'customer_deleted_member',
      lostAt: T0 + 10 * min,
    })
  })

  it('the member deleting the customer adds one lost and leaves cumulative alone', () => {
    threeAdds()
    db.relations.recordLost('wmC', 'zhangsan', 'member_deleted_customer', T0 + 10 * min, 'event')
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 3, lost: 1, current: 2 })
  })

  it('a re-add makes the relation current again without raising cumulative, and history keeps both', () => {
    threeAdds()
    db.relations.recordLost('wmB', 'zhangsan', 'customer_deleted_member', T0 + 10 * min, 'event')
    expect(db.relations.recordAdd(codeId, 'wmB', 'zhangsan', T0 + 20 * min, 'event')).toBe('readded')
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 3, lost: 0, current: 3 })
    const relation = db.relations.get(codeId, 'wmB', 'zhangsan')!
    expect(relation).toMatchObject({ status: 'current', addedAt: T0 + min, lastAddedAt: T0 + 20 * min })
    expect(relation.lostAt).toBeNull()
    expect(db.relations.history(relation.id).map((h) => [h.kind, h.at, h.reason])).toEqual([
      ['added', T0 + min, null],
      ['lost', T0 + 10 * min, 'customer_deleted_member'],
      ['readded', T0 + 20 * min, null],
    ])
  })

  it('applying the same add twice changes nothing', () => {
    expect(db.relations.recordAdd(codeId, 'wmA', 'zhangsan', T0, 'event')).toBe('added')
    const snapshot = db.sqlite.prepare('SELECT count(*) FROM relation_history').pluck()
    expect(db.relations.recordAdd(codeId, 'wmA', 'zhangsan', T0, 'event')).toBe('unchanged')
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 1, lost: 0, current: 1 })
    expect(snapshot.get()).toBe(1)
  })

  it('ignores stale replays: an old add does not revive a later loss, an old loss does not end a later re-add', () => {
    db.relations.recordAdd(codeId, 'wmA', 'zhangsan', T0, 'event')
    db.relations.recordLost('wmA', 'zhangsan', 'customer_deleted_member', T0 + min, 'event')
    // Reconcile still sees wmA in 张三's WeCom list with the original add time.
    expect(db.relations.recordAdd(codeId, 'wmA', 'zhangsan', T0, 'reconcile')).toBe('unchanged')
    expect(db.relations.counts(codeId).lost).toBe(1)

    db.relations.recordAdd(codeId, 'wmA', 'zhangsan', T0 + 5 * min, 'event')
    expect(db.relations.recordLost('wmA', 'zhangsan', 'customer_deleted_member', T0 + min, 'event')).toBe(0)
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 1, lost: 0, current: 1 })
  })

  it('a loss ends the pair on every code, and only that pair', () => {
    const other = db.codes.insert(newCode()).id
    db.relations.recordAdd(codeId, 'wmA', 'zhangsan', T0, 'event')
    db.relations.recordAdd(other, 'wmA', 'zhangsan', T0, 'event')
    db.relations.recordAdd(codeId, 'wmA', 'lisi', T0, 'event')
    expect(db.relations.recordLost('wmA', 'zhangsan', 'member_deleted_customer', T0 + min, 'event')).toBe(2)
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 2, lost: 1, current: 1 })
    expect(db.relations.counts(other)).toEqual({ cumulative: 1, lost: 1, current: 0 })
    expect(db.relations.currentRelationsByOwner('lisi').map((r) => r.externalUserid)).toEqual(['wmA'])
    expect(db.relations.currentRelationsByOwner('zhangsan')).toEqual([])
  })

  it('always keeps current + lost = cumulative across a random mix of events', () => {
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let i = 0; i < 500; i++) {
      const ext = `wm${rand(20)}`
      const member = rand(2) ? 'zhangsan' : 'lisi'
      if (rand(3) === 0) db.relations.recordLost(ext, member, 'customer_deleted_member', T0 + i, 'event')
      else db.relations.recordAdd(codeId, ext, member, T0 + i, 'event')
      const c = db.relations.counts(codeId)
      expect(c.current + c.lost).toBe(c.cumulative)
    }
  })
})

describe('relation statistics', () => {
  it('buckets daily adds and losses by the Asia/Shanghai date across a UTC midnight, zeros filled', () => {
    // 2025-05-10 23:30 UTC is 2025-05-11 07:30 in Shanghai; 15:59 UTC on the 10th is 23:59 there.
    db.relations.recordAdd(codeId, 'wmA', 'zhangsan', Date.UTC(2025, 4, 10, 15, 59), 'event')
    db.relations.recordAdd(codeId, 'wmB', 'zhangsan', Date.UTC(2025, 4, 10, 16, 0), 'event')
    db.relations.recordAdd(codeId, 'wmC', 'zhangsan', Date.UTC(2025, 4, 10, 23, 30), 'event')
    db.relations.recordLost(
      'wmA',
      'zhangsan',
      'customer_deleted_member',
      Date.UTC(2025, 4, 12, 17, 0),
      'event',
    )
    const now = Date.UTC(2025, 4, 13, 1, 0) // 2025-05-13 09:00 Shanghai

    expect(db.relations.daily(codeId, 'Asia/Shanghai', 5, now)).toEqual([
      { date: '2025-05-09', added: 0, lost: 0 },
      { date: '2025-05-10', added: 1, lost: 0 },
      { date: '2025-05-11', added: 2, lost: 0 },
      { date: '2025-05-12', added: 0, lost: 0 },
      { date: '2025-05-13', added: 0, lost: 1 },
    ])
    // The same events in UTC fall on other days.
    expect(db.relations.daily(codeId, 'UTC', 4, now)).toEqual([
      { date: '2025-05-10', added: 3, lost: 0 },
      { date: '2025-05-11', added: 0, lost: 0 },
      { date: '2025-05-12', added: 0, lost: 1 },
      { date: '2025-05-13', added: 0, lost: 0 },
    ])
  })

  it('counts per member, including members on the code with no customers yet', () => {
    db.members.replaceAll(
      [{ userid: 'zhangsan', name: '张三', departmentIds: [1], status: 1, canFollow: true }],
      T0,
    )
    threeAdds()
    db.relations.recordLost('wmA', 'zhangsan', 'customer_deleted_member', T0 + 9 * min, 'event')
    expect(db.relations.perMember(codeId)).toEqual([
      { userid: 'zhangsan', name: '张三', cumulative: 3, lost: 1, current: 2 },
      { userid: 'lisi', name: 'lisi', cumulative: 0, lost: 0, current: 0 },
    ])
  })

  it('lists a code’s customers filtered by status and paged, with names falling back to ids', () => {
    db.members.replaceAll(
      [{ userid: 'zhangsan', name: '张三', departmentIds: [1], status: 1, canFollow: true }],
      T0,
    )
    db.customers.upsertMany([
      { externalUserid: 'wm0', name: '客户零', avatar: 'https://a/0', type: 1, corpName: '', updatedAt: T0 },
    ])
    for (let i = 0; i < 25; i++) {
      db.relations.recordAdd(codeId, `wm${i}`, i % 5 === 0 ? 'lisi' : 'zhangsan', T0 + i * min, 'event')
    }
    for (let i = 0; i < 25; i += 3) {
      db.relations.recordLost(
        `wm${i}`,
        i % 5 === 0 ? 'lisi' : 'zhangsan',
        'member_deleted_customer',
        T0 + 99 * min,
        'event',
      )
    }

    const all = db.relations.listCustomers(codeId, 'all', 1, 10)
    expect(all.total).toBe(25)
    expect(all.items.map((c) => c.externalUserid)).toEqual(
      Array.from({ length: 10 }, (_, i) => `wm${24 - i}`),
    )
    const lost = db.relations.listCustomers(codeId, 'lost', 1, 100)
    expect(lost.total).toBe(9)
    expect(lost.items.every((c) => c.status === 'lost' && c.lostReason === 'member_deleted_customer')).toBe(
      true,
    )
    const current = db.relations.listCustomers(codeId, 'current', 2, 10)
    expect(current.total).toBe(16)
    expect(current.items).toHaveLength(6)
    expect(current.items.every((c) => c.status === 'current' && c.lostAt === null)).toBe(true)

    const last = db.relations.listCustomers(codeId, 'all', 3, 10).items.at(-1)!
    expect(last).toEqual({
      externalUserid: 'wm0',
      name: '客户零',
      avatar: 'https://a/0',
      memberUserid: 'lisi',
      memberName: 'lisi',
      memberLeft: false,
      pendingConfirm: false,
      handover: null,
      handoverNote: '',
      handovers: [],
      addedAt: T0,
      status: 'lost',
      lostAt: T0 + 99 * min,
      lostReason: 'member_deleted_customer',
      // The code sends no welcome and has no tags; nothing is owed to this customer.
      welcome: 'off',
      tags: 'none',
      appliedTagIds: [],
      welcomeNote: '',
      tagsNote: '',
    })
    const wm1 = db.relations.listCustomers(codeId, 'all', 3, 10).items.at(-2)!
    expect(wm1).toMatchObject({ name: 'wm1', avatar: '', memberName: '张三' })
  })
})

describe('what real WeCom does to a relation besides add and loss', () => {
  it('a half-add counts at once, pending confirmation; the full add only confirms it', () => {
    expect(db.relations.recordAdd(codeId, 'wmH', 'zhangsan', T0, 'event', { half: true })).toBe('added')
    expect(db.relations.get(codeId, 'wmH', 'zhangsan')).toMatchObject({ pendingConfirm: true })
    // A repeat of the half event changes nothing; the full one confirms.
    expect(db.relations.recordAdd(codeId, 'wmH', 'zhangsan', T0, 'event', { half: true })).toBe('unchanged')
    expect(db.relations.recordAdd(codeId, 'wmH', 'zhangsan', T0 + min, 'event')).toBe('confirmed')
    expect(db.relations.get(codeId, 'wmH', 'zhangsan')).toMatchObject({ pendingConfirm: false })
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 1, lost: 0, current: 1 })
    expect(db.relations.history(db.relations.get(codeId, 'wmH', 'zhangsan')!.id)).toHaveLength(1)
  })

  it('undoes a loss reconcile judged when the pair is listed again with its old time', () => {
    db.relations.recordAdd(codeId, 'wmR', 'zhangsan', T0, 'event')
    db.relations.recordLost('wmR', 'zhangsan', 'member_deleted_customer', T0 + 5 * min, 'reconcile')
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 1, lost: 1, current: 0 })
    expect(db.relations.recordAdd(codeId, 'wmR', 'zhangsan', T0, 'reconcile')).toBe('revived')
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 1, lost: 0, current: 1 })
    // The loss never happened: no trace in the daily figures either.
    const relation = db.relations.get(codeId, 'wmR', 'zhangsan')!
    expect(db.relations.history(relation.id).map((h) => h.kind)).toEqual(['added'])
  })

  it('does not undo a loss it did not judge: a customer who deleted the member keeps showing', () => {
    db.relations.recordAdd(codeId, 'wmD', 'zhangsan', T0, 'event')
    db.relations.recordLost('wmD', 'zhangsan', 'customer_deleted_member', T0 + 5 * min, 'event')
    expect(db.relations.recordAdd(codeId, 'wmD', 'zhangsan', T0, 'reconcile')).toBe('unchanged')
    db.relations.recordAdd(codeId, 'wmE', 'zhangsan', T0, 'event')
    db.relations.recordLost('wmE', 'zhangsan', 'member_deleted_customer', T0 + 5 * min, 'event')
    expect(db.relations.recordAdd(codeId, 'wmE', 'zhangsan', T0, 'reconcile')).toBe('unchanged')
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 2, lost: 2, current: 0 })
  })

  it('a handover moves the owner and keeps every count; later losses follow the new owner', () => {
    threeAdds()
    const relation = db.relations.get(codeId, 'wmA', 'zhangsan')!
    expect(db.relations.markHandoverPending('wmA', 'zhangsan')).toBe(1)
    expect(db.relations.get(codeId, 'wmA', 'zhangsan')).toMatchObject({
      handover: 'pending',
      status: 'current',
    })
    db.relations.transferTo(relation.id, 'lisi', T0 + 10 * min, 'reconcile')
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 3, lost: 0, current: 3 })
    expect(db.relations.get(codeId, 'wmA', 'lisi')).toMatchObject({
      id: relation.id,
      memberUserid: 'zhangsan',
      ownerUserid: 'lisi',
      handover: null,
    })
    expect(db.relations.perMember(codeId).map((m) => [m.userid, m.current])).toEqual([
      ['zhangsan', 2],
      ['lisi', 1],
    ])
    // The takeover member listing the customer is not a second add.
    expect(db.relations.recordAdd(codeId, 'wmA', 'lisi', T0 + 10 * min, 'reconcile')).toBe('unchanged')
    // The old owner can no longer lose them; the new one can.
    expect(
      db.relations.recordLost('wmA', 'zhangsan', 'customer_deleted_member', T0 + 20 * min, 'event'),
    ).toBe(0)
    expect(db.relations.recordLost('wmA', 'lisi', 'customer_deleted_member', T0 + 20 * min, 'event')).toBe(1)
    expect(db.relations.counts(codeId)).toEqual({ cumulative: 3, lost: 1, current: 2 })
  })

  it('a failed transfer keeps the relation with its member and records why', () => {
    threeAdds()
    expect(db.relations.markHandoverFailed('wmB', 'lisi', 'customer_limit_exceed')).toBe(1)
    expect(db.relations.get(codeId, 'wmB', 'zhangsan')).toMatchObject({
      ownerUserid: 'zhangsan',
      handover: 'failed:customer_limit_exceed',
    })
    const listed = db.relations
      .listCustomers(codeId, 'all', 1, 10)
      .items.find((c) => c.externalUserid === 'wmB')
    expect(listed).toMatchObject({
      handover: 'failed',
      handoverNote: expect.stringContaining('客户数已达上限'),
    })
  })
})
