// Print-size QR codes rendered locally: an SVG built from qrcode's module matrix (crisp at any size,
// with the channel name as a caption under it), and a PNG rasterised from that SVG with resvg, which
// draws the CJK caption with the system's fonts.

import { Resvg } from '@resvg/resvg-js'
import QRCode from 'qrcode'

const QUIET_ZONE = 4
const CAPTION_BAND = 6
const FONT = `'Noto Sans CJK SC','PingFang SC','Microsoft YaHei','Source Han Sans SC',sans-serif`

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  )
}

export function renderQrSvg(content: string, opts: { caption?: string | undefined } = {}): string {
  const qr = QRCode.create(content, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  const side = size + QUIET_ZONE * 2
  const caption = opts.caption?.trim()
  const height = side + (caption ? CAPTION_BAND : 0)
  let path = ''
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (qr.modules.get(y, x)) path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`
    }
  }
  // Long names shrink so the caption always fits under the code.
  const fontSize = caption ? Math.min(3, (side * 0.9) / Math.max(1, [...caption].length)) : 0
  const text = caption
    ? `<text x="${side / 2}" y="${side + CAPTION_BAND / 2}" font-family="${FONT}" font-size="${fontSize.toFixed(2)}" text-anchor="middle" dominant-baseline="central" fill="#1f2329">${escapeXml(caption)}</text>`
    : ''
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${height}" width="${side * 10}" height="${height * 10}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${height}" fill="#ffffff"/><path d="${path}" fill="#000000"/>${text}</svg>`
  )
}

export function rasterize(svg: string, width: number): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' },
    background: '#ffffff',
  })
  return resvg.render().asPng()
}

export async function renderQrPng(
  content: string,
  opts: { caption?: string | undefined; size?: number } = {},
): Promise<Buffer> {
  return rasterize(renderQrSvg(content, { caption: opts.caption }), opts.size ?? 1024)
}
