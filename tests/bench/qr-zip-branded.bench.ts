// bench qr-zip-branded: 500 print-size (1024 px) QR PNGs in the full branded style — centre logo
// (level H, so more modules), caption and colours — into one ZIP: 批量下载 of a branded selection.
// The logo is an embedded image resvg decodes per render, the one cost the plain bench does not pay.
// Target (targets.ts): at least 15 codes/s on this 2-core machine, 500 codes in at most ~33 s.

import JSZip from 'jszip'
import type { QrStyle } from '../../common/qr-style'
import { decodeQrImage } from '../../main/qr/decode'
import { buildQrZip } from '../../main/qr/zip'
import { pngLogo } from '../fixtures/qr-logos'
import { report } from './targets'

const COUNT = 500
const style: QrStyle = {
  foreground: '#0b3d91',
  background: '#f3f7ff',
  caption: '扫码领取新人礼',
  logo: pngLogo(256, 256),
}
const items = Array.from({ length: COUNT }, (_, i) => ({
  name: `门店海报-${String(i).padStart(3, '0')}`,
  content: `https://work.weixin.qq.com/ca/cawcde${i.toString(16).padStart(16, '0')}`,
  style,
}))

const start = performance.now()
const zip = await buildQrZip(items, { format: 'png', caption: true })
const seconds = (performance.now() - start) / 1000

// Spot-check the output so a fast but broken ZIP cannot pass.
const unzipped = await JSZip.loadAsync(zip)
if (Object.keys(unzipped.files).length !== COUNT) throw new Error('wrong number of files')
for (const i of [0, 123, 499]) {
  const name = `门店海报-${String(i).padStart(3, '0')}.png`
  const sample = await unzipped.file(name)!.async('nodebuffer')
  if (decodeQrImage(sample) !== items[i]!.content) throw new Error(`${name} does not decode`)
}

const perSecond = COUNT / seconds
console.log(
  `${COUNT} branded codes, ${(zip.length / 1024 / 1024).toFixed(1)} MB ZIP in ${seconds.toFixed(1)} s`,
)
report('qr-zip-branded', perSecond)
