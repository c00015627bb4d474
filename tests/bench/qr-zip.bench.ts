// bench qr-zip: 500 print-size (1024 px) QR PNGs, each captioned with its channel name, into one ZIP —
// what 批量下载 does for a large selection. Target (targets.ts): at least 20 codes/s on this 2-core
// machine, 500 codes in at most 25 s.

import JSZip from 'jszip'
import { decodeQrImage } from '../../main/qr/decode'
import { buildQrZip } from '../../main/qr/zip'
import { report } from './targets'

const COUNT = 500
const items = Array.from({ length: COUNT }, (_, i) => ({
  name: `门店海报-${String(i).padStart(3, '0')}`,
  content: `https://work.weixin.qq.com/ca/cawcde${i.toString(16).padStart(16, '0')}`,
}))

const start = performance.now()
const zip = await buildQrZip(items, { format: 'png', caption: true })
const seconds = (performance.now() - start) / 1000

// Spot-check the output so a fast but broken ZIP cannot pass.
const unzipped = await JSZip.loadAsync(zip)
if (Object.keys(unzipped.files).length !== COUNT) throw new Error('wrong number of files')
const sample = await unzipped.file('门店海报-123.png')!.async('nodebuffer')
if (decodeQrImage(sample) !== items[123]!.content) throw new Error('QR does not decode')

const perSecond = COUNT / seconds
console.log(`${COUNT} codes, ${(zip.length / 1024 / 1024).toFixed(1)} MB ZIP in ${seconds.toFixed(1)} s`)
report('qr-zip', perSecond)
