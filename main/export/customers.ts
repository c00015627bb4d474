// A code's customers as a spreadsheet: who, which salesperson, when, whether they are still there,
// and which tags they got through the code.

import { formatZoned, sheetToCsv, sheetToXlsx } from './format'
import type { CustomerExportRow, Sheet } from './types'

const REASONS = { customer_deleted_member: '客户删除员工', member_deleted_customer: '员工删除客户' } as const

function customersSheet(rows: CustomerExportRow[], timeZone: string): Sheet {
  return {
    title: '活码客户',
    headers: ['客户名称', '所属员工', '添加时间', '客户状态', '流失时间', '流失原因', '标签', '说明'],
    widths: [20, 14, 20, 12, 20, 14, 32, 36],
    rows: rows.map((r) => [
      r.customerName,
      r.memberName,
      formatZoned(r.addedAt, timeZone),
      r.status === 'current' ? '现存客户' : '流失客户',
      r.lostAt ? formatZoned(r.lostAt, timeZone) : '',
      r.lostReason ? REASONS[r.lostReason] : '',
      r.tags,
      r.notes.join('；'),
    ]),
  }
}

export const exportCustomersXlsx = (rows: CustomerExportRow[], timeZone: string) =>
  sheetToXlsx(customersSheet(rows, timeZone))
export const exportCustomersCsv = (rows: CustomerExportRow[], timeZone: string) =>
  sheetToCsv(customersSheet(rows, timeZone))
