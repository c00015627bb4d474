// QR images, ZIPs, the print sheet and exports. The QR is re-rendered locally from the URL inside
// WeCom's image (decoded once, then cached in SQLite), so downloads work offline at print size.

import type { Handlers } from '../../common/contract'
import type { CodeListItem, FileBlob } from '../../common/domain'
import type { StoredCode } from '../db'
import { exportCodesCsv, exportCodesXlsx } from '../export/codes'
import { customerExportRows } from '../export/customer-rows'
import { exportCustomersCsv, exportCustomersXlsx } from '../export/customers'
import type { CodeExportRow } from '../export/types'
import { safeFileName } from '../qr/file-names'
import { qrPngDataUrl } from '../qr/print-sheet'
import { renderQrPng, renderQrSvg } from '../qr/render'
import { styledOptions } from '../qr/styled'
import { buildQrZip } from '../qr/zip'
import { AppError } from '../../common/bridge-result'
import type { WorkspaceContext } from '../workspace/context'
import type { HandlerEnv } from './types'

type FileCalls = 'getQrFile' | 'getQrZip' | 'getQrPrintSheet' | 'exportCodes' | 'exportCodeCustomers'

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const CSV_MIME = 'text/csv; charset=utf-8'

function blob(fileName: string, mimeType: string, data: Buffer | string): FileBlob {
  return { fileName, mimeType, dataBase64: Buffer.from(data).toString('base64') }
}

function storedCode(ctx: WorkspaceContext, id: number): StoredCode {
  const code = ctx.db.codes.get(id, { includeDeleted: true })
  if (!code) throw new AppError('NOT_FOUND', '找不到这个活码，它可能已被删除。请刷新列表。')
  return code
}

/** A batch where no QR can be read at all is an error; a partial batch says which codes it left out. */
async function batchContents(ctx: WorkspaceContext, ids: number[]) {
  const batch = await ctx.codes.qrContents(ids)
  if (batch.items.length === 0) {
    throw new AppError(
      'OFFLINE',
      `所选的 ${batch.skipped.length} 个活码的二维码图片都还没有缓存，离线时无法生成。联网后点“同步”即可缓存。`,
    )
  }
  return batch
}

function codeRows(ctx: WorkspaceContext, codes: CodeListItem[]): CodeExportRow[] {
  const members = new Map(ctx.db.members.list({ includeRemoved: true }).map((m) => [m.userid, m.name]))
  const tags = new Map<string, string>()
  for (const g of ctx.db.tags.listGroups()) for (const t of g.tags) tags.set(t.id, `${g.name}: ${t.name}`)
  const groupNames = new Map(ctx.db.codeGroups.list().map((g) => [g.id, g.name]))
  const groupOf = ctx.db.codeGroups.groupsOf(codes.map((c) => c.id))
  return codes.map((c) => ({
    name: c.name,
    qrUrl: c.qrUrl,
    memberNames: c.memberUserids.map((u) => members.get(u) ?? u),
    tagLabels: c.tagIds.map((t) => tags.get(t) ?? t),
    creator: c.creator,
    createdAt: c.createdAt,
    origin: c.origin,
    counts: c.counts,
    group: groupNames.get(groupOf.get(c.id) ?? 0) ?? '',
  }))
}

function stamp(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`
}

export function fileHandlers(env: HandlerEnv): Pick<Handlers, FileCalls> {
  return {
    async getQrFile({ id, format, caption, size }) {
      const { name, content } = await env.ctx().codes.qrContent(id)
      const look = styledOptions(env.ctx().db.qrStyles.get(id), name, caption)
      if (format === 'svg') {
        return blob(safeFileName(name, 'svg'), 'image/svg+xml', renderQrSvg(content, look))
      }
      return blob(safeFileName(name, 'png'), 'image/png', await renderQrPng(content, { ...look, size }))
    },
    async getQrZip({ ids, format, caption }) {
      const { items, skipped } = await batchContents(env.ctx(), ids)
      const styles = env.ctx().db.qrStyles.getMany(items.map((i) => i.id))
      const zip = await buildQrZip(
        items.map((i) => ({ ...i, style: styles.get(i.id) })),
        { format, caption },
      )
      return { ...blob(`活码二维码-${stamp()}.zip`, 'application/zip', zip), skipped }
    },
    async getQrPrintSheet({ ids }) {
      const { items, skipped } = await batchContents(env.ctx(), ids)
      const styles = env.ctx().db.qrStyles.getMany(items.map((i) => i.id))
      // The sheet prints the channel name itself; only a style's own caption goes into the image.
      const look = (id: number) => {
        const style = styles.get(id)
        return style ? { ...styledOptions(style, '', true) } : {}
      }
      return {
        items: items.map((i) => {
          const { caption, ...colours } = look(i.id)
          return {
            id: i.id,
            name: i.name,
            pngDataUrl: qrPngDataUrl(i.content, caption || undefined, 480, colours),
          }
        }),
        skipped,
      }
    },
    async exportCodes({ ids, format, sort, ...filter }) {
      const ctx = env.ctx()
      const rows = codeRows(ctx, ctx.db.codes.listAll(filter, ids, sort))
      const tz = ctx.workspace().timeZone
      const name = `活码列表-${stamp()}`
      return format === 'csv'
        ? blob(`${name}.csv`, CSV_MIME, exportCodesCsv(rows, tz))
        : blob(`${name}.xlsx`, XLSX_MIME, await exportCodesXlsx(rows, tz))
    },
    async exportCodeCustomers({ id, status, format, ...filter }) {
      const ctx = env.ctx()
      const code = storedCode(ctx, id)
      // The same filter as the list on screen: the sheet holds what the manager was looking at.
      const all = ctx.db.relations.listCustomers(id, status, 1, 1_000_000, filter).items
      const rows = customerExportRows(all, ctx.db.tags.listGroups())
      const tz = ctx.workspace().timeZone
      const name = safeFileName(`${code.name}-客户-${stamp()}`, format)
      return format === 'csv'
        ? blob(name, CSV_MIME, exportCustomersCsv(rows, tz))
        : blob(name, XLSX_MIME, await exportCustomersXlsx(rows, tz))
    },
  }
}
