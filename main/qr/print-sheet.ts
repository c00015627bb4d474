// Images for the printable A4 sheet: the renderer lays them out; these are sharp enough for print.

import { rasterize, renderQrSvg, type QrLook } from './render'

export function qrPngDataUrl(content: string, caption?: string, size = 480, look: QrLook = {}): string {
  return `data:image/png;base64,${rasterize(renderQrSvg(content, { ...look, caption }), size).toString('base64')}`
}
