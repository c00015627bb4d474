// Tests for main/qr/render, decode and print-sheet: every image the app makes must scan back to its URL.

import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { decodeQrImage } from '../../main/qr/decode'
import { qrPngDataUrl } from '../../main/qr/print-sheet'
import { rasterize, renderQrPng, renderQrSvg } from '../../main/qr/render'

const URL_IN_QR = 'https://work.weixin.qq.com/ca/cawcde0123456789abcdef'
const pngWidth = (png: Buffer) => png.readUInt32BE(16)

describe('QR rendering', () => {
  it('renders a 1024 px PNG that decodes back to the same URL', async () => {
    const png = await renderQrPng(URL_IN_QR)
    expect(pngWidth(png)).toBe(1024)
    expect(decodeQrImage(png)).toBe(URL_IN_QR)
  })

  it('keeps the code readable with a Chinese caption under it', async () => {
    const png = await renderQrPng(URL_IN_QR, { caption: '朝阳门店海报 & <春季>' })
    expect(pngWidth(png)).toBe(1024)
    expect(PNG.sync.read(png).height).toBeGreaterThan(1024)
    expect(decodeQrImage(png)).toBe(URL_IN_QR)
  })

  it('renders a PNG at the requested width', async () => {
    const png = await renderQrPng(URL_IN_QR, { size: 300, caption: '门店' })
    expect(pngWidth(png)).toBe(300)
    expect(decodeQrImage(png)).toBe(URL_IN_QR)
  })

  it('renders an SVG that decodes back to the same URL once rasterised', () => {
    const svg = renderQrSvg(URL_IN_QR, { caption: '展会A' })
    expect(svg).toContain('展会A')
    expect(decodeQrImage(rasterize(svg, 800))).toBe(URL_IN_QR)
    expect(decodeQrImage(rasterize(renderQrSvg(URL_IN_QR), 600))).toBe(URL_IN_QR)
  })

  it('draws the dark modules as one path on white with a 4-module quiet zone', () => {
    const svg = renderQrSvg(URL_IN_QR)
    expect(svg.match(/<path /g)).toHaveLength(1)
    expect(svg).toContain('fill="#ffffff"')
    // The finder pattern's top-left module sits just inside the quiet zone.
    expect(svg).toContain('M4 4h')
    expect(svg).not.toContain('<text')
  })

  it('escapes a caption so it cannot break the SVG', () => {
    expect(renderQrSvg(URL_IN_QR, { caption: '<script>"x"&' })).toContain('&lt;script&gt;&quot;x&quot;&amp;')
  })

  it('reads a JPEG QR image, as WeCom may serve one', async () => {
    const png = PNG.sync.read(await renderQrPng(URL_IN_QR, { size: 400 }))
    const jpg = jpeg.encode({ data: png.data, width: png.width, height: png.height }, 90).data
    expect(decodeQrImage(Buffer.from(jpg))).toBe(URL_IN_QR)
  })

  it('says so in Chinese when an image holds no QR code', () => {
    const blank = PNG.sync.write(new PNG({ width: 50, height: 50, fill: true }))
    expect(() => decodeQrImage(blank)).toThrow('图片中没有找到二维码')
  })

  it('makes print-sheet images as PNG data URLs', () => {
    const url = qrPngDataUrl(URL_IN_QR, '门店')
    expect(url.startsWith('data:image/png;base64,')).toBe(true)
    const png = Buffer.from(url.split(',')[1]!, 'base64')
    expect(pngWidth(png)).toBe(480)
    expect(decodeQrImage(png)).toBe(URL_IN_QR)
  })
})
