import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DuplicateCodeNameError, openDatabase, type AppDatabase } from '../../main/db'
import { newCode, tempDbFile } from './db-fixtures'

const PNG_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64')
const day = (d: number) => Date.UTC(2025, 2, d, 4)

let db: AppDatabase
beforeEach(() => {
  db = openDatabase(tempDbFile())
})
afterEach(() => db.close())

describe('codes repository', () => {
  it('stores a code with its members, tags, welcome image and schedule in one go', () => {
    const code = db.codes.insert(
      newCode({
        name: '  门店海报  ',
        memberUserids: ['lisi', 'zhangsan'],
        tagIds: ['etB', 'etA'],
        welcome: {
          mode: 'own',
          text: '你好',
          attachment: { kind: 'image', fileName: 'a.png', mimeType: 'image/png', dataBase64: PNG_BASE64 },
        },
        autoAccept: {
          mode: 'scheduled',
          windows: [
            { weekday: 2, start: '09:00', end: '12:00' },
            { weekday: 1, start: '13:00', end: '18:00' },
          ],
        },
      }),
    )
    expect(code.name).toBe('门店海报')
    expect(code.memberUserids).toEqual(['lisi', 'zhangsan'])
    expect(code.tagIds).toEqual(['etB', 'etA'])
    expect(code.welcome).toEqual({
      mode: 'own',
      text: '你好',
      attachment: { kind: 'image', fileName: 'a.png', mimeType: 'image/png', dataBase64: PNG_BASE64 },
    })
    expect(code.autoAccept.windows).toEqual([
      { weekday: 1, start: '13:00', end: '18:00' },
      { weekday: 2, start: '09:00', end: '12:00' },
    ])
    expect(code.relayState).toBe('pending')
    expect(code.origin).toBe('app')
    const blob = db.sqlite.prepare('SELECT typeof(image_bytes) FROM code_welcome WHERE code_id = ?').pluck()
    expect(blob.get(code.id)).toBe('blob')
    expect(db.codes.getByState(code.state)?.id).toBe(code.id)
    expect(db.codes.getByConfigId(code.configId)?.id).toBe(code.id)
  })

  it('leaves nothing behind when part of an insert fails', () => {
    expect(() => db.codes.insert(newCode({ name: '重复人员', memberUserids: ['a', 'a'] }))).toThrow()
    expect(db.codes.list({ page: 1, pageSize: 10 }).total).toBe(0)
    expect(db.sqlite.prepare('SELECT count(*) FROM code_members').pluck().get()).toBe(0)
  })

  it('updates fields and replaces the children it is given', () => {
    const code = db.codes.insert(newCode({ tagIds: ['t1'] }))
    const updated = db.codes.update(code.id, {
      name: '新名字',
      memberUserids: ['wangwu'],
      welcome: {
        mode: 'own',
        text: '',
        attachment: { kind: 'link', title: '官网', url: 'https://example.com', desc: '', picUrl: '' },
      },
      relayState: 'pending',
      updatedAt: code.createdAt + 5000,
    })
    expect(updated.name).toBe('新名字')
    expect(updated.memberUserids).toEqual(['wangwu'])
    expect(updated.tagIds).toEqual(['t1'])
    expect(updated.welcome.attachment).toEqual({
      kind: 'link',
      title: '官网',
      url: 'https://example.com',
      desc: '',
      picUrl: '',
    })
    expect(updated.updatedAt).toBe(code.createdAt + 5000)
    expect(updated.createdAt).toBe(code.createdAt)
  })

  it('keeps names unique among live codes, case-sensitive after trimming', () => {
    const first = db.codes.insert(newCode({ name: 'Poster' }))
    expect(() => db.codes.insert(newCode({ name: ' Poster ' }))).toThrow(DuplicateCodeNameError)
    expect(() => db.codes.insert(newCode({ name: ' Poster ' }))).toThrow(/已有名为「Poster」/)
    expect(db.codes.insert(newCode({ name: 'poster' })).name).toBe('poster')
    expect(db.codes.nameExists(' Poster')).toBe(true)
    expect(db.codes.nameExists('Poster', first.id)).toBe(false)
    expect(db.codes.nameExists('POSTER')).toBe(false)
    const other = db.codes.insert(newCode({ name: 'Other' }))
    expect(() => db.codes.update(other.id, { name: 'Poster', updatedAt: 1 })).toThrow(DuplicateCodeNameError)

    // A deleted code frees its name but stays readable for its history.
    expect(db.codes.softDelete(first.id, 99)).toBe(true)
    expect(db.codes.softDelete(first.id, 100)).toBe(false)
    expect(db.codes.nameExists('Poster')).toBe(false)
    expect(db.codes.insert(newCode({ name: 'Poster' })).name).toBe('Poster')
    expect(db.codes.get(first.id)).toBeNull()
    expect(db.codes.get(first.id, { includeDeleted: true })?.deletedAt).toBe(99)
    expect(db.codes.getByState(first.state)?.deletedAt).toBe(99)
  })

  it('lists newest first with filters for name (escaping % and _), dates and creator, paged with a total', () => {
    db.codes.insert(newCode({ name: '100% 返现', createdAt: day(1), creator: '张三' }))
    db.codes.insert(newCode({ name: '1000 返现', createdAt: day(2), creator: '李四' }))
    db.codes.insert(newCode({ name: 'a_b 门店', createdAt: day(3), creator: '张三' }))
    db.codes.insert(newCode({ name: 'axb 门店', createdAt: day(4), creator: '李四' }))
    const gone = db.codes.insert(newCode({ name: '已删 100%', createdAt: day(5), creator: '张三' }))
    db.codes.softDelete(gone.id, day(6))

    const names = (filter: Parameters<AppDatabase['codes']['list']>[0]) =>
      db.codes.list(filter).items.map((c) => c.name)
    expect(names({ page: 1, pageSize: 10 })).toEqual(['axb 门店', 'a_b 门店', '1000 返现', '100% 返现'])
    expect(names({ name: '0%', page: 1, pageSize: 10 })).toEqual(['100% 返现'])
    expect(names({ name: 'a_b', page: 1, pageSize: 10 })).toEqual(['a_b 门店'])
    expect(names({ name: 'A_B', page: 1, pageSize: 10 })).toEqual(['a_b 门店'])
    expect(names({ name: '门店', page: 1, pageSize: 10 })).toEqual(['axb 门店', 'a_b 门店'])
    expect(names({ createdFrom: day(2), createdTo: day(3), page: 1, pageSize: 10 })).toEqual([
      'a_b 门店',
      '1000 返现',
    ])
    expect(names({ creator: '张三', page: 1, pageSize: 10 })).toEqual(['a_b 门店', '100% 返现'])
    expect(names({ creator: '张三', createdFrom: day(2), page: 1, pageSize: 10 })).toEqual(['a_b 门店'])

    const page2 = db.codes.list({ page: 2, pageSize: 3 })
    expect(page2.total).toBe(4)
    expect(page2.items.map((c) => c.name)).toEqual(['100% 返现'])
    expect(db.codes.list({ page: 3, pageSize: 3 })).toMatchObject({ items: [], total: 4 })
    expect(db.codes.list({ name: '返现', page: 1, pageSize: 1 }).total).toBe(2)

    expect(db.codes.listCreators()).toEqual(['张三', '李四'].sort())
    expect(db.codes.listAll({ creator: '李四' }).map((c) => c.name)).toEqual(['axb 门店', '1000 返现'])
    const first = db.codes.list({ page: 1, pageSize: 10 }).items[0]!
    expect(db.codes.listAll({}, [first.id, gone.id]).map((c) => c.id)).toEqual([first.id])
  })

  it('lists each code with its figures, sorts by any of them and sums them over the filter', () => {
    const poster = db.codes.insert(newCode({ name: '海报', createdAt: day(1) }))
    const shop = db.codes.insert(newCode({ name: '门店', createdAt: day(2) }))
    db.codes.insert(newCode({ name: '展会', createdAt: day(3) }))
    const gone = db.codes.insert(newCode({ name: '已删', createdAt: day(4) }))
    const add = (codeId: number, customer: string) =>
      db.relations.recordAdd(codeId, customer, 'zhangsan', day(5), 'event')
    for (const c of ['c1', 'c2', 'c3']) add(poster.id, c)
    for (const c of ['c4', 'c5']) add(shop.id, c)
    add(gone.id, 'c6')
    db.codes.softDelete(gone.id, day(6))
    // Two of the poster's customers leave; the shop's customer c4 leaves too (lost on every code).
    db.relations.recordLost('c1', 'zhangsan', 'customer_deleted_member', day(7), 'event')
    db.relations.recordLost('c2', 'zhangsan', 'customer_deleted_member', day(7), 'event')
    db.relations.recordLost('c4', 'zhangsan', 'member_deleted_customer', day(7), 'event')

    const figures = (sort?: { by: 'createdAt' | 'current' | 'lost' | 'cumulative'; dir: 'asc' | 'desc' }) =>
      db.codes
        .list({ page: 1, pageSize: 10, ...(sort ? { sort } : {}) })
        .items.map((c) => `${c.name} ${c.counts.current}/${c.counts.lost}/${c.counts.cumulative}`)
    expect(figures()).toEqual(['展会 0/0/0', '门店 1/1/2', '海报 1/2/3'])
    expect(figures({ by: 'cumulative', dir: 'desc' })).toEqual(['海报 1/2/3', '门店 1/1/2', '展会 0/0/0'])
    expect(figures({ by: 'lost', dir: 'asc' })).toEqual(['展会 0/0/0', '门店 1/1/2', '海报 1/2/3'])
    // Equal figures fall back to newest first, so a page never reshuffles.
    expect(figures({ by: 'current', dir: 'desc' })).toEqual(['门店 1/1/2', '海报 1/2/3', '展会 0/0/0'])
    expect(figures({ by: 'createdAt', dir: 'asc' })).toEqual(['海报 1/2/3', '门店 1/1/2', '展会 0/0/0'])

    // Totals cover the whole filter, not the page, and never a deleted code.
    const page = db.codes.list({ page: 1, pageSize: 1, sort: { by: 'cumulative', dir: 'asc' } })
    expect(page.items.map((c) => c.name)).toEqual(['展会'])
    expect(page.totals).toEqual({ cumulative: 5, lost: 3, current: 2 })
    expect(db.codes.list({ name: '门', page: 1, pageSize: 10 }).totals).toEqual({
      cumulative: 2,
      lost: 1,
      current: 1,
    })
    expect(db.codes.list({ name: '无此渠道', page: 1, pageSize: 10 })).toEqual({
      items: [],
      total: 0,
      totals: { cumulative: 0, lost: 0, current: 0 },
    })
    // The export follows the list's order and carries the same figures.
    expect(
      db.codes.listAll({}, undefined, { by: 'lost', dir: 'desc' }).map((c) => [c.name, c.counts.lost]),
    ).toEqual([
      ['海报', 2],
      ['门店', 1],
      ['展会', 0],
    ])
  })

  it('tracks which codes still need pushing to the relay, deleted ones included', () => {
    const a = db.codes.insert(newCode())
    const b = db.codes.insert(newCode({ relayState: 'synced' }))
    expect(db.codes.listPendingRelay().map((c) => c.id)).toEqual([a.id])

    // A push that started before an edit must not mark the edited code synced.
    db.codes.update(a.id, { tagIds: ['t9'], updatedAt: a.updatedAt + 1 })
    expect(db.codes.setRelayState(a.id, 'synced', a.updatedAt)).toBe(false)
    expect(db.codes.setRelayState(a.id, 'synced', a.updatedAt + 1)).toBe(true)
    expect(db.codes.listPendingRelay()).toEqual([])

    db.codes.softDelete(b.id, 5)
    expect(db.codes.listPendingRelay().map((c) => [c.id, c.deletedAt])).toEqual([[b.id, 5]])
  })

  it('caches the decoded QR content', () => {
    const code = db.codes.insert(newCode())
    expect(code.qrContent).toBeNull()
    db.codes.setQrContent(code.id, 'https://work.weixin.qq.com/ca/cawcde')
    expect(db.codes.get(code.id)?.qrContent).toBe('https://work.weixin.qq.com/ca/cawcde')
  })
})
