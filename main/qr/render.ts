// Print-size QR codes rendered locally: an SVG built from qrcode's module matrix (crisp at any size,
// with the channel name as a caption under it), and a PNG rasterised from that SVG with resvg, which
// draws the CJK caption with the system's fonts.

import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js'
import { existsSync } from 'node:fs'
import QRCode from 'qrcode'
import type { QrLogo } from '../../common/qr-style'

const QUIET_ZONE = 4
const CAPTION_BAND = 6
/** The logo plate's width as a share of the code's (modules, quiet zone excluded). */
const LOGO_SHARE = 0.24
const FONT = `'Noto Sans CJK SC','PingFang SC','Microsoft YaHei','Source Han Sans SC',sans-serif`

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  )
}

/** What the branded style adds to the plain code (common/qr-style.ts); absent: black on white. */
export interface QrLook {
  foreground?: string | undefined
  background?: string | undefined
  logo?: QrLogo | null | undefined
}

export interface QrSvgOptions extends QrLook {
  caption?: string | undefined
}

export function renderQrSvg(content: string, opts: QrSvgOptions = {}): string {
  // A logo hides modules: level H restores up to 30 % of the codewords, M only 15 %.
  const qr = QRCode.create(content, { errorCorrectionLevel: opts.logo ? 'H' : 'M' })
  const size = qr.modules.size
  const side = size + QUIET_ZONE * 2
  const caption = opts.caption?.trim()
  const height = side + (caption ? CAPTION_BAND : 0)
  const fg = opts.foreground ?? '#000000'
  const bg = opts.background ?? '#ffffff'
  // One rectangle per horizontal run of dark modules: a far smaller path to rasterise.
  let path = ''
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size;) {
      if (!qr.modules.get(y, x)) {
        x++
        continue
      }
      let run = 1
      while (x + run < size && qr.modules.get(y, x + run)) run++
      path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${run}v1h-${run}z`
      x += run
    }
  }
  // Long names shrink so the caption always fits under the code.
  const fontSize = caption ? Math.min(3, (side * 0.9) / Math.max(1, [...caption].length)) : 0
  const text = caption
    ? `<text x="${side / 2}" y="${side + CAPTION_BAND / 2}" font-family="${FONT}" font-size="${fontSize.toFixed(2)}" text-anchor="middle" dominant-baseline="central" fill="${opts.foreground ?? '#1f2329'}">${escapeXml(caption)}</text>`
    : ''
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${height}" width="${side * 10}" height="${height * 10}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${height}" fill="${bg}"/><path d="${path}" fill="${fg}"/>${logoSvg(opts.logo, size, bg)}${text}</svg>`
  )
}

/**
 * The logo on a plate of the background colour over the code's centre: the plate is about a
 * quarter of the code's width (≈ 7 % of its modules, well inside what level H restores) and never
 * touches the finder or timing patterns.
 */
function logoSvg(logo: QrLogo | null | undefined, size: number, bg: string): string {
  if (!logo) return ''
  let plate = Math.round(size * LOGO_SHARE)
  if (plate % 2 !== size % 2) plate += 1 // same parity as the code: the plate sits exactly centred
  const at = QUIET_ZONE + (size - plate) / 2
  const pad = Math.max(0.5, plate * 0.08)
  const inner = plate - pad * 2
  return (
    `<rect x="${at}" y="${at}" width="${plate}" height="${plate}" rx="${(plate * 0.12).toFixed(2)}" fill="${bg}"/>` +
    `<image x="${at + pad}" y="${at + pad}" width="${inner}" height="${inner}" preserveAspectRatio="xMidYMid meet" ` +
    `href="data:${logo.mimeType};base64,${logo.dataBase64}"/>`
  )
}

/** A known CJK font file per platform; scanning every system font costs ~25 ms per render. */
const CJK_FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/System/Library/Fonts/PingFang.ttc',
  '/System/Library/Fonts/STHeiti Medium.ttc',
  'C:\\Windows\\Fonts\\msyh.ttc',
  'C:\\Windows\\Fonts\\simhei.ttf',
]
let cjkFont: string | null | undefined

function fontOptions(hasText: boolean) {
  if (!hasText) return { loadSystemFonts: false }
  cjkFont ??= CJK_FONT_FILES.find((f) => existsSync(f)) ?? null
  return cjkFont ? { loadSystemFonts: false, fontFiles: [cjkFont] } : { loadSystemFonts: true }
}

function renderOptions(svg: string, width: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'width', value: width },
    font: { ...fontOptions(svg.includes('<text')), defaultFontFamily: 'Noto Sans CJK SC' },
    background: '#ffffff',
  }
}

export function rasterize(svg: string, width: number): Buffer {
  return new Resvg(svg, renderOptions(svg, width)).render().asPng()
}

/** Off the main thread (resvg's worker pool), so batches use every core and the UI stays responsive. */
export async function rasterizeAsync(svg: string, width: number): Promise<Buffer> {
  return (await renderAsync(svg, renderOptions(svg, width))).asPng()
}

export async function renderQrPng(
  content: string,
  opts: QrSvgOptions & { size?: number } = {},
): Promise<Buffer> {
  const { size, ...svg } = opts
  return rasterizeAsync(renderQrSvg(content, svg), size ?? 1024)
}
