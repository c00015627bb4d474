// The code groups and QR styles repositories (db step 14) and the list's group filter: a code is in
// at most one group, a move replaces its group, a delete sends its codes to 未分组, and the list's
// filter and totals follow the groups.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type AppDatabase } from '../../main/db'
import { DuplicateGroupNameError } from '../../main/db/repos/code-groups'
import { pngLogo } from '../fixtures/qr-logos'
import { newCode, tempDbFile } from './db-fixtures'

describe('code groups repository', () => {
  let db: AppDatabase
  let ids: number[]

  beforeEach(() => {
    db = openDatabase(tempDbFile())
    ids = ['门店A', '门店B', '展会C', '海报D'].map(
      (name, i) => db.codes.insert(newCode({ name, createdAt: 1000 + i })).id,
    )
  })
  afterEach(() => db.close())

  const names = (groupId: number | undefined) =>
    db.codes
      .list({ page: 1, pageSize: 100, ...(groupId === undefined ? {} : { groupId }) })
      .items.map((c) => c.name)

  it('creates, lists oldest first, renames and refuses a duplicate name', () => {
    const shops = db.codeGroups.create(' 门店 ', 1)
    const fairs = db.codeGroups.create('展会', 2)
    expect(shops.name).toBe('门店')
    expect(db.codeGroups.list().map((g) => g.name)).toEqual(['门店', '展会'])
    expect(() => db.codeGroups.create('门店', 3)).toThrow(DuplicateGroupNameError)
    expect(() => db.codeGroups.rename(fairs.id, '门店')).toThrow(/已有名为「门店」的分组/)
    expect(db.codeGroups.rename(fairs.id, '线下展会')?.name).toBe('线下展会')
    expect(db.codeGroups.rename(999, 'x')).toBeNull()
  })

  it('moves one code or a batch; a move replaces the group, null takes it out', () => {
    const shops = db.codeGroups.create('门店', 1)
    const fairs = db.codeGroups.create('展会', 2)
    expect(db.codeGroups.move([ids[0]!, ids[1]!], shops.id)).toBe(2)
    expect(db.codeGroups.move([ids[2]!], fairs.id)).toBe(1)
    expect(names(shops.id)).toEqual(['门店B', '门店A'])
    expect(names(fairs.id)).toEqual(['展会C'])
    expect(names(0)).toEqual(['海报D'])
    expect(db.codeGroups.move([ids[1]!], fairs.id)).toBe(1)
    expect(names(shops.id)).toEqual(['门店A'])
    expect(db.codeGroups.move([ids[0]!, 99_999], null)).toBe(1)
    expect(names(0)).toEqual(['海报D', '门店A'])
    expect(names(undefined)).toHaveLength(4)
  })

  it('deleting a group sends its codes to 未分组 and keeps every code', () => {
    const shops = db.codeGroups.create('门店', 1)
    db.codeGroups.move([ids[0]!, ids[1]!], shops.id)
    expect(db.codeGroups.remove(shops.id)).toBe(2)
    expect(db.codeGroups.remove(shops.id)).toBeNull()
    expect(names(0)).toHaveLength(4)
    expect(db.codeGroups.list()).toEqual([])
  })

  it("a group's list totals count its codes' relations only", () => {
    const shops = db.codeGroups.create('门店', 1)
    db.codeGroups.move([ids[0]!], shops.id)
    db.relations.recordAdd(ids[0]!, 'wm1', 'zhangsan', 2000, 'event')
    db.relations.recordAdd(ids[0]!, 'wm2', 'zhangsan', 2100, 'event')
    db.relations.recordAdd(ids[3]!, 'wm3', 'zhangsan', 2200, 'event')
    db.relations.recordLost('wm2', 'zhangsan', 'customer_deleted_member', 3000, 'event')
    const totals = (groupId: number) => db.codes.list({ page: 1, pageSize: 10, groupId }).totals
    expect(totals(shops.id)).toEqual({ cumulative: 2, lost: 1, current: 1 })
    expect(totals(0)).toEqual({ cumulative: 1, lost: 0, current: 1 })
  })
})

describe('QR styles repository', () => {
  it('keeps colours, caption and logo bytes, and the default style removes the row', () => {
    const db = openDatabase(tempDbFile())
    const id = db.codes.insert(newCode({ name: '门店A' })).id
    const logo = pngLogo()
    db.qrStyles.set(id, { foreground: '#1d3f8f', background: '#fff8e6', caption: '扫码有礼', logo })
    expect(db.qrStyles.get(id)).toEqual({
      foreground: '#1d3f8f',
      background: '#fff8e6',
      caption: '扫码有礼',
      logo,
    })
    expect(db.qrStyles.getMany([id, 999]).size).toBe(1)
    db.qrStyles.set(id, { foreground: '#000000', background: '#ffffff', caption: ' ', logo: null })
    expect(db.sqlite.prepare('SELECT count(*) FROM code_qr_styles').pluck().get()).toBe(0)
    db.close()
  })
})
