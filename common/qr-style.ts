// A code's QR style: colours, a caption under the code and a logo in its centre. The colour rule
// lives here (pure) so the form refuses a bad pair as it is picked and main refuses it again.

import { z } from 'zod'
import { base64Bytes } from './limits'

export const QR_CAPTION_MAX = 20
export const QR_LOGO_MAX_BYTES = 1024 * 1024
/** WCAG's ratio for body text; below it phone cameras in shop light start to miss modules. */
export const QR_MIN_CONTRAST = 4.5

export interface QrLogo {
  fileName: string
  mimeType: 'image/png' | 'image/jpeg'
  dataBase64: string
}

export interface QrStyle {
  /** #rrggbb of the dark modules. */
  foreground: string
  /** #rrggbb of the light modules, the quiet zone and the caption band. */
  background: string
  /** Text under the code; empty: the channel name (when the download asks for a caption). */
  caption: string
  logo: QrLogo | null
}

export const DEFAULT_QR_STYLE: QrStyle = {
  foreground: '#000000',
  background: '#ffffff',
  caption: '',
  logo: null,
}

export function isDefaultQrStyle(s: QrStyle): boolean {
  return (
    s.foreground.toLowerCase() === DEFAULT_QR_STYLE.foreground &&
    s.background.toLowerCase() === DEFAULT_QR_STYLE.background &&
    s.caption.trim() === '' &&
    s.logo === null
  )
}

const HEX = /^#[0-9a-f]{6}$/i

/** WCAG relative luminance of #rrggbb. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** Why a colour pair would scan badly, in the manager's words; null when it is fine. */
export function qrColourProblem(foreground: string, background: string): string | null {
  if (!HEX.test(foreground) || !HEX.test(background)) return '颜色格式不对，应为 #RRGGBB'
  if (luminance(foreground) >= luminance(background))
    return '前景色（码点）要比背景色深：深色码点配浅色底，微信和大多数扫码器才能识别'
  const ratio = contrastRatio(foreground, background)
  if (ratio < QR_MIN_CONTRAST)
    return `前景色和背景色太接近（对比度 ${ratio.toFixed(1)}:1，至少要 ${QR_MIN_CONTRAST}:1），打印后很可能扫不出来。请把码点调深或把背景调浅`
  return null
}

const colour = z
  .string()
  .trim()
  .regex(HEX, { error: '颜色格式不对，应为 #RRGGBB' })
  .transform((v) => v.toLowerCase())

export const qrLogoSchema = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  mimeType: z.enum(['image/png', 'image/jpeg'], { error: 'Logo 只支持 PNG 或 JPG 图片' }),
  dataBase64: z
    .string()
    .regex(/^[A-Za-z0-9+/=]*$/, { error: 'Logo 图片数据无效' })
    .refine((b) => base64Bytes(b) > 0, { error: 'Logo 图片文件为空' })
    .refine((b) => base64Bytes(b) <= QR_LOGO_MAX_BYTES, { error: 'Logo 图片不能超过 1 MB' })
    // PNG's and JPEG's first bytes, as base64: a renamed GIF or WebP is refused, not drawn blank.
    .refine((b) => b.startsWith('iVBORw0KGgo') || b.startsWith('/9j/'), {
      error: 'Logo 只支持 PNG 或 JPG 图片（这个文件不是）',
    }),
})

export const qrStyleSchema = z
  .strictObject({
    foreground: colour,
    background: colour,
    caption: z
      .string()
      .trim()
      .max(QR_CAPTION_MAX, { error: `二维码下方文字不能超过 ${QR_CAPTION_MAX} 个字` }),
    logo: qrLogoSchema.nullable(),
  })
  .superRefine((s, ctx) => {
    const problem = qrColourProblem(s.foreground, s.background)
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['foreground'] })
  })
