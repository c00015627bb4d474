// The code list as a spreadsheet, with the headers the manager sees on screen.

import { UNGROUPED_LABEL } from '../../common/code-groups'
import { formatZoned, sheetToCsv, sheetToXlsx } from './format'
import type { CodeExportRow, Sheet } from './types'

function codesSheet(rows: CodeExportRow[], timeZone: string): Sheet {
  return {
    title: '活码列表',
    headers: [
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
    ],
    widths: [24, 12, 12, 12, 48, 28, 32, 12, 20, 14, 16],
    rows: rows.map((r) => [
      r.name,
      r.counts.current,
      r.counts.lost,
      r.counts.cumulative,
      r.qrUrl,
      r.memberNames.join('、'),
      r.tagLabels.join('、'),
      r.creator,
      formatZoned(r.createdAt, timeZone),
      r.origin === 'app' ? '本应用创建' : '从企业微信导入',
      r.group || UNGROUPED_LABEL,
    ]),
  }
}

export const exportCodesXlsx = (rows: CodeExportRow[], timeZone: string) =>
  sheetToXlsx(codesSheet(rows, timeZone))
export const exportCodesCsv = (rows: CodeExportRow[], timeZone: string) =>
  sheetToCsv(codesSheet(rows, timeZone))
