// Tests for main/export: xlsx and CSV files a manager opens in Excel or WPS, in Chinese, in the right zone.

import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { exportCodesCsv, exportCodesXlsx } from '../../main/export/codes'
import { exportCustomersCsv, exportCustomersXlsx } from '../../main/export/customers'
import { csvCell, formatZoned, toCsv } from '../../main/export/format'
import type { CodeExportRow, CustomerExportRow } from '../../main/export/types'

async function loadBook(data: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(data as unknown as Parameters<typeof book.xlsx.load>[0])
  return book
}

const codeRows: CodeExportRow[] = [
  {
    name: '=HYPERLINK("x")',
    qrUrl: 'https://wework.qpic.cn/wwpic/1',
    memberNames: ['张伟', '王芳'],
    tagLabels: ['性别: 女'],
    creator: '王经理',
    createdAt: Date.UTC(2026, 0, 1, 16, 30, 0),
    origin: 'app',
    counts: { cumulative: 12, lost: 2, current: 10 },
  },
  {
    name: '门店, "春季"',
    qrUrl: 'https://wework.qpic.cn/wwpic/2',
    memberNames: [],
    tagLabels: [],
    creator: '',
    createdAt: Date.UTC(2026, 0, 2, 0, 0, 0),
    origin: 'imported',
    counts: { cumulative: 0, lost: 0, current: 0 },
  },
]

const customerRows: CustomerExportRow[] = [
  {
    customerName: '李娜',
    memberName: '张伟',
    addedAt: 0,
    status: 'lost',
    lostAt: 86400_000,
    lostReason: 'customer_deleted_member',
    tags: '客户等级: 重要、性别: 女',
    notes: [],
  },
  {
    customerName: '王芳',
    memberName: '张伟',
    addedAt: 0,
    status: 'current',
    lostAt: null,
    lostReason: null,
    tags: '标签处理中（成员确认添加后会自动打上标签）',
    notes: ['待成员确认', '已转接：张伟 → 王芳'],
  },
  {
    customerName: '-赵',
    memberName: '王芳',
    addedAt: 0,
    status: 'lost',
    lostAt: 3600_000,
    lostReason: 'member_deleted_customer',
    tags: '',
    notes: [],
  },
]

describe('export formatting', () => {
  it('formats instants in the workspace time zone on a 24-hour clock', () => {
    expect(formatZoned(Date.UTC(2026, 0, 1, 16, 30, 5), 'Asia/Shanghai')).toBe('2026-01-02 00:30:05')
    expect(formatZoned(Date.UTC(2026, 5, 1, 0, 0, 0), 'UTC')).toBe('2026-06-01 00:00:00')
  })

  it('quotes CSV cells per RFC 4180', () => {
    expect(csvCell('plain 中文')).toBe('plain 中文')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
  })

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@']) expect(csvCell(`${start}1`)).toBe(`'${start}1`)
    expect(csvCell('a=1')).toBe('a=1')
  })

  it('writes CSV with a UTF-8 BOM and CRLF line ends', () => {
    const csv = toCsv([
      ['a', 'b'],
      ['中文', 'x,y'],
    ])
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.toString('utf8')).toBe('\uFEFFa,b\r\n中文,"x,y"\r\n')
  })
})

describe('code exports', () => {
  it('writes the code list to xlsx with Chinese headers and zoned times', async () => {
    const book = await loadBook(await exportCodesXlsx(codeRows, 'Asia/Shanghai'))
    const ws = book.getWorksheet('活码列表')!
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '渠道名称',
      '当前客户数',
      '流失客户数',
      '积累引流数',
      '活码链接',
      '使用人员',
      '预设标签',
      '创建人',
      '创建时间',
      '来源',
      '分组',
    ])
    expect(ws.getRow(1).font?.bold).toBe(true)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.getColumn(5).width).toBeGreaterThan(30)
    // The figures are numbers, so the spreadsheet sorts and sums them.
    expect([2, 3, 4].map((i) => ws.getRow(2).getCell(i).value)).toEqual([10, 2, 12])
    expect(ws.getRow(3).getCell(4).value).toBe(0)
    expect(ws.getRow(2).getCell(6).value).toBe('张伟、王芳')
    expect(ws.getRow(2).getCell(9).value).toBe('2026-01-02 00:30:00')
    expect(ws.getRow(2).getCell(10).value).toBe('本应用创建')
    expect(ws.getRow(3).getCell(10).value).toBe('从企业微信导入')
    expect(ws.getRow(2).getCell(1).value).toBe(`'=HYPERLINK("x")`)
  })

  it('writes the code list to CSV with a BOM, CRLF, quoting and the formula guard', () => {
    const csv = exportCodesCsv(codeRows, 'Asia/Shanghai').toString('utf8')
    expect(
      csv.startsWith(
        '\uFEFF渠道名称,当前客户数,流失客户数,积累引流数,活码链接,使用人员,预设标签,创建人,创建时间,来源,分组\r\n',
      ),
    ).toBe(true)
    expect(csv).toContain(',10,2,12,https://wework.qpic.cn/wwpic/1,')
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`)
    expect(csv).toContain('"门店, ""春季""",0,0,0,')
    expect(csv).toContain(',,,2026-01-02 08:00:00,从企业微信导入,未分组\r\n')
  })
})

describe('customer exports', () => {
  it('writes a code customer list to CSV with status, loss reason, tags and notes in Chinese', () => {
    const csv = exportCustomersCsv(customerRows, 'UTC').toString('utf8')
    expect(csv.startsWith('\uFEFF客户名称,所属员工,添加时间,客户状态,流失时间,流失原因,标签,说明\r\n')).toBe(
      true,
    )
    expect(csv).toContain(
      '李娜,张伟,1970-01-01 00:00:00,流失客户,1970-01-02 00:00:00,客户删除员工,客户等级: 重要、性别: 女,\r\n',
    )
    expect(csv).toContain(
      '王芳,张伟,1970-01-01 00:00:00,现存客户,,,标签处理中（成员确认添加后会自动打上标签）,待成员确认；已转接：张伟 → 王芳\r\n',
    )
    expect(csv).toContain(`'-赵,王芳,1970-01-01 00:00:00,流失客户,1970-01-01 01:00:00,员工删除客户,,\r\n`)
  })

  it('writes a code customer list to xlsx with a bold frozen header', async () => {
    const book = await loadBook(await exportCustomersXlsx(customerRows, 'Asia/Shanghai'))
    const ws = book.worksheets[0]!
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '客户名称',
      '所属员工',
      '添加时间',
      '客户状态',
      '流失时间',
      '流失原因',
      '标签',
      '说明',
    ])
    expect(ws.getRow(1).font?.bold).toBe(true)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '李娜',
      '张伟',
      '1970-01-01 08:00:00',
      '流失客户',
      '1970-01-02 08:00:00',
      '客户删除员工',
      '客户等级: 重要、性别: 女',
    ])
    expect(ws.getRow(3).getCell(5).value).toBeNull()
  })
})
