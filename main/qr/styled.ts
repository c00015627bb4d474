// From a code's stored QR style to the renderer's options: the style's own caption wins over the
// channel name, and a download that asks for no caption gets none either way.

import type { QrStyle } from '../../common/qr-style'
import type { QrSvgOptions } from './render'

export function styledOptions(style: QrStyle | undefined, name: string, caption: boolean): QrSvgOptions {
  const text = caption ? style?.caption.trim() || name : undefined
  if (!style) return { caption: text }
  return {
    caption: text,
    foreground: style.foreground,
    background: style.background,
    logo: style.logo,
  }
}
