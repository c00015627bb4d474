// The batch download: the selected codes' QR images, print-size, in one ZIP named by channel.

import JSZip from 'jszip'
import { availableParallelism } from 'node:os'
import { safeFileName, uniqueNames } from './file-names'
import type { QrStyle } from '../../common/qr-style'
import { renderQrPng, renderQrSvg } from './render'
import { styledOptions } from './styled'

export async function buildQrZip(
  items: { name: string; content: string; style?: QrStyle | undefined }[],
  opts: { format: 'png' | 'svg'; caption: boolean },
): Promise<Buffer> {
  const names = uniqueNames(items.map((i) => safeFileName(i.name, opts.format)))
  const look = (item: (typeof items)[number]) => styledOptions(item.style, item.name, opts.caption)
  const files: (Buffer | string)[] = new Array<Buffer | string>(items.length)
  if (opts.format === 'svg') {
    for (const [i, item] of items.entries()) files[i] = renderQrSvg(item.content, look(item))
  } else {
    // resvg rasterises on libuv's pool: a few renders in flight keep every core busy, in bounded memory.
    let next = 0
    const worker = async () => {
      while (next < items.length) {
        const i = next++
        const item = items[i]!
        files[i] = await renderQrPng(item.content, look(item))
      }
    }
    await Promise.all(Array.from({ length: Math.min(4, Math.max(1, availableParallelism())) }, worker))
  }
  const zip = new JSZip()
  // PNGs are already compressed; storing them keeps a 500-code batch fast.
  for (const [i, data] of files.entries()) {
    zip.file(names[i]!, data, { compression: opts.format === 'svg' ? 'DEFLATE' : 'STORE' })
  }
  return zip.generateAsync({ type: 'nodebuffer' })
}
