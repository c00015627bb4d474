// Each code's QR style (colours, caption, centre logo). A code without a row uses the plain black
// on white code; the logo is kept as bytes, not base64 text.

import { DEFAULT_QR_STYLE, isDefaultQrStyle, type QrStyle } from '../../../common/qr-style'
import type { Sql } from '../sql'

export interface QrStylesRepo {
  get(codeId: number): QrStyle
  /** The styles of the given codes that have one (for a ZIP or a print sheet). */
  getMany(codeIds: number[]): Map<number, QrStyle>
  /** The default style removes the row. */
  set(codeId: number, style: QrStyle): void
}

interface StyleRow {
  code_id: number
  foreground: string
  background: string
  caption: string
  logo_bytes: Buffer | null
  logo_mime: string | null
  logo_file_name: string | null
}

function toStyle(r: StyleRow): QrStyle {
  return {
    foreground: r.foreground,
    background: r.background,
    caption: r.caption,
    logo: r.logo_bytes
      ? {
          fileName: r.logo_file_name ?? 'logo',
          mimeType: r.logo_mime === 'image/jpeg' ? 'image/jpeg' : 'image/png',
          dataBase64: r.logo_bytes.toString('base64'),
        }
      : null,
  }
}

export function createQrStylesRepo(sql: Sql): QrStylesRepo {
  return {
    get(codeId) {
      const row = sql.one<StyleRow>('SELECT * FROM code_qr_styles WHERE code_id = ?', [codeId])
      return row ? toStyle(row) : { ...DEFAULT_QR_STYLE }
    },
    getMany(codeIds) {
      const rows = sql.all<StyleRow>(
        'SELECT * FROM code_qr_styles WHERE code_id IN (SELECT value FROM json_each(?))',
        [JSON.stringify(codeIds)],
      )
      return new Map(rows.map((r) => [r.code_id, toStyle(r)]))
    },
    set(codeId, style) {
      if (isDefaultQrStyle(style)) {
        sql.run('DELETE FROM code_qr_styles WHERE code_id = ?', [codeId])
        return
      }
      sql.run(
        `INSERT OR REPLACE INTO code_qr_styles
          (code_id, foreground, background, caption, logo_bytes, logo_mime, logo_file_name)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          codeId,
          style.foreground,
          style.background,
          style.caption.trim(),
          style.logo ? Buffer.from(style.logo.dataBase64, 'base64') : null,
          style.logo?.mimeType ?? null,
          style.logo?.fileName ?? null,
        ],
      )
    },
  }
}
