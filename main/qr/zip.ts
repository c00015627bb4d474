// The batch download: the selected codes' QR images, print-size, in one ZIP named by channel.

import JSZip from 'jszip'
import { safeFileName, uniqueNames } from './file-names'
import { renderQrPng, renderQrSvg } from './render'

export async function buildQrZip(
  items: { name: string; content: string }[],
  opts: { format: 'png' | 'svg'; caption: boolean },
): Promise<Buffer> {
  const zip = new JSZip()
  const names = uniqueNames(items.map((i) => safeFileName(i.name, opts.format)))
  for (const [i, item] of items.entries()) {
    const caption = opts.caption ? item.name : undefined
    const data =
      opts.format === 'svg'
        ? renderQrSvg(item.content, { caption })
        : await renderQrPng(item.content, { caption })
    // PNGs are already compressed; storing them keeps a 500-code batch fast.
    zip.file(names[i]!, data, { compression: opts.format === 'svg' ? 'DEFLATE' : 'STORE' })
  }
  return zip.generateAsync({ type: 'nodebuffer' })
}
