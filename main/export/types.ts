// Plain rows the exporters write; the handlers resolve names and labels before calling them.

import type { CodeCounts } from '../../common/domain'

export interface CodeExportRow {
  name: string
  qrUrl: string
  memberNames: string[]
  tagLabels: string[]
  creator: string
  createdAt: number
  origin: 'app' | 'imported'
  counts: CodeCounts
  /** The code group's name (db step 16); absent or empty: 未分组. */
  group?: string | undefined
}

export interface CustomerExportRow {
  customerName: string
  memberName: string
  addedAt: number
  status: 'current' | 'lost'
  lostAt: number | null
  lostReason: 'customer_deleted_member' | 'member_deleted_customer' | null
  /** The tags given through the code, or why none went out (标签失败, 待补打标签 …). */
  tags: string
  /** 待成员确认, 已离职, handovers … as the customer list shows them. */
  notes: string[]
}

export interface Sheet {
  title: string
  headers: string[]
  widths: number[]
  /** Numbers stay numbers in xlsx, so a spreadsheet sorts and sums the figures. */
  rows: (string | number)[][]
}
