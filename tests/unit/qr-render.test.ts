import ExcelJS from 'exceljs'
import jpeg from 'jpeg-js'
import JSZip from 'jszip'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { exportCodesCsv, exportCodesXlsx } from '../../main/export/codes'
import { exportCustomersCsv } from '../../main/export/customers'
import { decodeQrImage } from '../../main/qr/decode'
import { safeFileName, uniqueNames } from '../../main/qr/file-names'
import { qrPngDataUrl } from '../../main/qr/print-sheet'
import { rasterize, renderQrPng, renderQrSvg } from '../../main/qr/render'
import { buildQrZip } from '../../main/qr/zip'

const URL_IN_QR = 'https://work.weixin.qq.com/ca/cawcde0123456789abcdef'
const pngWidth = (png: Buffer) => png.readUInt32BE(16)

describe('QR rendering', () => {
  it('renders a 1024 px PNG that decodes back to the same URL', async () => {
    const png = await renderQrPng(URL_IN_QR)
    expect(pngWidth(png)).toBe(1024)
    expect(decodeQrImage(png)).toBe(URL_IN_QR)
  })

  it('keeps the code readable with a Chinese caption under it', async () => {
    const png = await renderQrPng(URL_IN_QR, { caption: '朝阳门店海报 & <春季>' })
    expect(pngWidth(png)).toBe(1024)
    expect(PNG.sync.read(png).height).toBeGreaterThan(1024)
    expect(decodeQrImage(png)).toBe(URL_IN_QR)
  })

  it('renders an SVG that decodes back to the same URL once rasterised', () => {
    const svg = renderQrSvg(URL_IN_QR, { caption: '展会A' })
    expect(svg).toContain('展会A')
    expect(decodeQrImage(rasterize(svg, 800))).toBe(URL_IN_QR)
  })

  it('escapes a caption so it cannot break the SVG', () => {
    expect(renderQrSvg(URL_IN_QR, { caption: '<script>"x"&' })).toContain('&lt;script&gt;&quot;x&quot;&amp;')
  })

  it('reads a JPEG QR image, as WeCom may serve one', async () => {
    const png = PNG.sync.read(await renderQrPng(URL_IN_QR, { size: 400 }))
    const jpg = jpeg.encode({ data: png.data, width: png.width, height: png.height }, 90).data
    expect(decodeQrImage(Buffer.from(jpg))).toBe(URL_IN_QR)
  })

  it('says so in Chinese when an image holds no QR code', () => {
    const blank = PNG.sync.write(new PNG({ width: 50, height: 50, fill: true }))
    expect(() => decodeQrImage(blank)).toThrow('图片中没有找到二维码')
  })

  it('makes print-sheet images as PNG data URLs', () => {
    const url = qrPngDataUrl(URL_IN_QR, '门店')
    expect(url.startsWith('data:image/png;base64,')).toBe(true)
    expect(decodeQrImage(Buffer.from(url.split(',')[1]!, 'base64'))).toBe(URL_IN_QR)
  })
})

describe('batch files', () => {
  it('makes file names safe on every OS while keeping Chinese', () => {
    expect(safeFileName('门店/海报:春季*?', 'png')).toBe('门店 海报 春季.png')
    expect(safeFileName('  ...  ', 'png')).toBe('活码.png')
    expect(safeFileName('a\u0000b', 'svg')).toBe('ab.svg')
    expect(uniqueNames(['门店.png', '门店.png', '展会.png', '门店.png'])).toEqual([
      '门店.png',
      '门店 (2).png',
      '展会.png',
      '门店 (3).png',
    ])
  })

  it('zips the selection with readable unique names, each entry decoding to its URL', async () => {
    const items = [
      { name: '门店海报', content: `${URL_IN_QR}1` },
      { name: '门店海报', content: `${URL_IN_QR}2` },
      { name: '展会:A', content: `${URL_IN_QR}3` },
    ]
    const zip = await JSZip.loadAsync(await buildQrZip(items, { format: 'png', caption: true }))
    const names = Object.keys(zip.files).sort()
    expect(names).toEqual(['展会 A.png', '门店海报 (2).png', '门店海报.png'].sort())
    expect(decodeQrImage(await zip.file('门店海报 (2).png')!.async('nodebuffer'))).toBe(`${URL_IN_QR}2`)
    expect(decodeQrImage(await zip.file('展会 A.png')!.async('nodebuffer'))).toBe(`${URL_IN_QR}3`)
  })
})

describe('exports', () => {
  const rows = [
    {
      name: '=HYPERLINK("x")',
      qrUrl: 'https://wework.qpic.cn/wwpic/1',
      memberNames: ['张伟', '王芳'],
      tagLabels: ['性别: 女'],
      creator: '王经理',
      createdAt: Date.UTC(2026, 0, 1, 16, 30, 0),
      origin: 'app' as const,
    },
    {
      name: '门店, "春季"',
      qrUrl: 'https://wework.qpic.cn/wwpic/2',
      memberNames: [],
      tagLabels: [],
      creator: '',
      createdAt: Date.UTC(2026, 0, 2, 0, 0, 0),
      origin: 'imported' as const,
    },
  ]

  it('writes the code list to xlsx with Chinese headers and zoned times', async () => {
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(
      (await exportCodesXlsx(rows, 'Asia/Shanghai')) as unknown as Parameters<typeof book.xlsx.load>[0],
    )
    const ws = book.getWorksheet('活码列表')!
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '渠道名称',
      '活码链接',
      '使用人员',
      '预设标签',
      '创建人',
      '创建时间',
      '来源',
    ])
    expect(ws.getRow(2).getCell(3).value).toBe('张伟、王芳')
    expect(ws.getRow(2).getCell(6).value).toBe('2026-01-02 00:30:00')
    expect(ws.getRow(3).getCell(7).value).toBe('从企业微信导入')
    expect(ws.getRow(2).getCell(1).value).toBe(`'=HYPERLINK("x")`)
  })

  it('writes CSV with a BOM, CRLF, quoting and the formula guard', () => {
    const csv = exportCodesCsv(rows, 'Asia/Shanghai').toString('utf8')
    expect(csv.startsWith('\uFEFF渠道名称,活码链接')).toBe(true)
    expect(csv).toContain('\r\n')
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`)
    expect(csv).toContain('"门店, ""春季"""')
  })

  it('writes a code customer list with status and loss reason in Chinese', () => {
    const csv = exportCustomersCsv(
      [
        {
          customerName: '李娜',
          memberName: '张伟',
          addedAt: 0,
          status: 'lost',
          lostAt: 86400_000,
          lostReason: 'customer_deleted_member',
        },
        {
          customerName: '王芳',
          memberName: '张伟',
          addedAt: 0,
          status: 'current',
          lostAt: null,
          lostReason: null,
        },
      ],
      'UTC',
    ).toString('utf8')
    expect(csv).toContain('李娜,张伟,1970-01-01 00:00:00,流失客户,1970-01-02 00:00:00,客户删除员工')
    expect(csv).toContain('王芳,张伟,1970-01-01 00:00:00,现存客户,,')
  })
})
