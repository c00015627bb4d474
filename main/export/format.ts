// Shared pieces of the exporters: times in the workspace's zone, and CSV/xlsx writers for one sheet.
// CSV gets a BOM so Excel opens it as UTF-8, CRLF line ends, RFC 4180 quoting, and cells that a
// spreadsheet would run as a formula are defused with a leading quote.

import ExcelJS from 'exceljs'
import type { Sheet } from './types'

export { formatZonedDateTime as formatZoned } from '../../common/zoned-time'

export function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function csvCell(value: string): string {
  const safe = defuse(value)
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function toCsv(rows: (string | number)[][]): Buffer {
  const lines = rows.map((row) => row.map((v) => csvCell(String(v))).join(','))
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}

export function sheetToCsv(sheet: Sheet): Buffer {
  return toCsv([sheet.headers, ...sheet.rows])
}

export async function sheetToXlsx(sheet: Sheet): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = '活码助手'
  const ws = book.addWorksheet(sheet.title, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = sheet.headers.map((header, i) => ({ header, width: sheet.widths[i] ?? 16 }))
  ws.getRow(1).font = { bold: true }
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF3FB' } }
  // Empty values stay truly blank cells rather than empty strings.
  for (const row of sheet.rows)
    ws.addRow(row.map((v) => (typeof v === 'number' ? v : v === '' ? null : defuse(v))))
  return Buffer.from(await book.xlsx.writeBuffer())
}
