// Tests for main/qr/zip and file-names: batch downloads unpack with readable, unique, safe names.

import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { decodeQrImage } from '../../main/qr/decode'
import { safeFileName, uniqueNames } from '../../main/qr/file-names'
import { renderQrSvg } from '../../main/qr/render'
import { buildQrZip } from '../../main/qr/zip'

const URL_IN_QR = 'https://work.weixin.qq.com/ca/cawcde0123456789abcdef'

describe('batch files', () => {
  it('makes file names safe on every OS while keeping Chinese', () => {
    expect(safeFileName('门店/海报:春季*?', 'png')).toBe('门店 海报 春季.png')
    expect(safeFileName('  ...  ', 'png')).toBe('活码.png')
    expect(safeFileName('', 'svg')).toBe('活码.svg')
    expect(safeFileName('a\u0000b', 'svg')).toBe('ab.svg')
    expect(safeFileName('a<b>c|d"e\\f', 'png')).toBe('a b c d e f.png')
  })

  it('caps a long name at 80 characters', () => {
    expect(safeFileName('码'.repeat(200), 'png')).toBe(`${'码'.repeat(80)}.png`)
  })

  it('numbers duplicate names before the extension', () => {
    expect(uniqueNames(['门店.png', '门店.png', '展会.png', '门店.png'])).toEqual([
      '门店.png',
      '门店 (2).png',
      '展会.png',
      '门店 (3).png',
    ])
  })

  it('zips the selection with readable unique names, each entry decoding to its URL', async () => {
    const items = [
      { name: '门店海报', content: `${URL_IN_QR}1` },
      { name: '门店海报', content: `${URL_IN_QR}2` },
      { name: '展会:A', content: `${URL_IN_QR}3` },
    ]
    const zip = await JSZip.loadAsync(await buildQrZip(items, { format: 'png', caption: true }))
    const names = Object.keys(zip.files).sort()
    expect(names).toEqual(['展会 A.png', '门店海报 (2).png', '门店海报.png'].sort())
    expect(decodeQrImage(await zip.file('门店海报.png')!.async('nodebuffer'))).toBe(`${URL_IN_QR}1`)
    expect(decodeQrImage(await zip.file('门店海报 (2).png')!.async('nodebuffer'))).toBe(`${URL_IN_QR}2`)
    const last = await zip.file('展会 A.png')!.async('nodebuffer')
    expect(last.readUInt32BE(16)).toBe(1024)
    expect(decodeQrImage(last)).toBe(`${URL_IN_QR}3`)
  })

  it('zips SVGs, captioned only when asked', async () => {
    const items = [{ name: '展会/B', content: URL_IN_QR }]
    const withCaption = await JSZip.loadAsync(await buildQrZip(items, { format: 'svg', caption: true }))
    expect(Object.keys(withCaption.files)).toEqual(['展会 B.svg'])
    expect(await withCaption.file('展会 B.svg')!.async('string')).toBe(
      renderQrSvg(URL_IN_QR, { caption: '展会/B' }),
    )
    const plain = await JSZip.loadAsync(await buildQrZip(items, { format: 'svg', caption: false }))
    expect(await plain.file('展会 B.svg')!.async('string')).toBe(renderQrSvg(URL_IN_QR))
  })
})
