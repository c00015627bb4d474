// The branded QR (main/qr/render with a style): a centre logo, a caption, colours, and all of them
// together must still scan back to the code's URL with jsqr — at the download's 1024 px, the print
// sheet's 480 px and a small 200 px — and low-contrast colour pairs are refused before any render.

import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { contrastRatio, qrColourProblem, qrStyleSchema, type QrStyle } from '../../common/qr-style'
import { decodeQrImage } from '../../main/qr/decode'
import { qrPngDataUrl } from '../../main/qr/print-sheet'
import { rasterize, renderQrPng, renderQrSvg, type QrSvgOptions } from '../../main/qr/render'
import { styledOptions } from '../../main/qr/styled'
import { buildQrZip } from '../../main/qr/zip'
import JSZip from 'jszip'
import { jpegLogo, LOGO_RED, pngLogo } from '../fixtures/qr-logos'

const URL_IN_QR = 'https://work.weixin.qq.com/ca/cawcde0123456789abcdef'
/** A long contact-way URL: more modules, so each is smaller at 200 px. */
const LONG_URL = 'https://work.weixin.qq.com/ca/cawcde7f3a9b2c4d1e0f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4'
const SIZES = [1024, 480, 200] as const

const pixel = (png: Buffer, x: number, y: number) => {
  const img = PNG.sync.read(png)
  const i = (Math.round(y) * img.width + Math.round(x)) * 4
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!]
}
const close = (a: number[], b: readonly number[], tol = 24) => a.every((v, i) => Math.abs(v - b[i]!) <= tol)

const OPTIONS: Record<string, QrSvgOptions> = {
  logo: { logo: pngLogo() },
  'JPEG logo': { logo: jpegLogo() },
  caption: { caption: '扫码添加专属顾问' },
  colours: { foreground: '#1d3f8f', background: '#fff8e6' },
  'logo + caption': { logo: pngLogo(), caption: '朝阳门店' },
  'logo + colours': { logo: pngLogo(), foreground: '#0b5d3b', background: '#f2fbf6' },
  'caption + colours': { caption: '春季展会', foreground: '#5b1a8a', background: '#ffffff' },
  'all together': {
    logo: jpegLogo(),
    caption: '扫码领取新人礼',
    foreground: '#7a1f12',
    background: '#fff4ef',
  },
}

describe('branded QR decodes at every size', () => {
  for (const [label, opts] of Object.entries(OPTIONS)) {
    for (const url of [URL_IN_QR, LONG_URL]) {
      it(`${label}: ${url.length}-character URL at ${SIZES.join(', ')} px`, async () => {
        for (const size of SIZES) {
          const png = await renderQrPng(url, { ...opts, size })
          expect(png.readUInt32BE(16)).toBe(size)
          expect(decodeQrImage(png), `${label} at ${size} px`).toBe(url)
        }
      })
    }
  }

  it('the print sheet image carries the style and still decodes', () => {
    const style = OPTIONS['all together']!
    const url = qrPngDataUrl(URL_IN_QR, style.caption, 480, style)
    const png = Buffer.from(url.split(',')[1]!, 'base64')
    expect(decodeQrImage(png)).toBe(URL_IN_QR)
    expect(close(pixel(png, 2, 2), [0xff, 0xf4, 0xef])).toBe(true)
  })

  it('the weakest colour pair the rule lets through still decodes at 200 px', async () => {
    // #767676 on white is 4.54:1, just over the 4.5 floor.
    expect(qrColourProblem('#767676', '#ffffff')).toBeNull()
    for (const logo of [null, pngLogo()]) {
      const png = await renderQrPng(LONG_URL, {
        foreground: '#767676',
        background: '#ffffff',
        logo,
        size: 200,
      })
      expect(decodeQrImage(png)).toBe(LONG_URL)
    }
  })
})

describe('what each option draws', () => {
  it('a logo switches to level H and sits in the centre on a background plate', async () => {
    const plain = renderQrSvg(URL_IN_QR)
    const svg = renderQrSvg(URL_IN_QR, { logo: pngLogo(), background: '#fff8e6' })
    expect(svg).toContain('href="data:image/png;base64,iVBORw0KGgo')
    // Level H needs more modules for the same URL than M.
    const side = (s: string) => Number(/viewBox="0 0 (\d+)/.exec(s)![1])
    expect(side(svg)).toBeGreaterThan(side(plain))
    const png = await renderQrPng(URL_IN_QR, { logo: pngLogo(), size: 1024 })
    // The logo's red in the middle of the image, where a plain code has modules.
    expect(close(pixel(png, 512, 512), LOGO_RED, 40)).toBe(true)
  })

  it('a JPEG logo is drawn too', async () => {
    const png = await renderQrPng(URL_IN_QR, { logo: jpegLogo(), size: 1024 })
    expect(close(pixel(png, 512, 512), LOGO_RED, 40)).toBe(true)
  })

  it('colours: the quiet zone is the background, a finder module the foreground', async () => {
    const png = await renderQrPng(URL_IN_QR, { foreground: '#1d3f8f', background: '#fff8e6', size: 1000 })
    const side = Number(/viewBox="0 0 (\d+)/.exec(renderQrSvg(URL_IN_QR))![1])
    const module = 1000 / side
    expect(close(pixel(png, module, module), [0xff, 0xf8, 0xe6], 2)).toBe(true)
    // The finder pattern's outer ring starts just inside the 4-module quiet zone.
    expect(close(pixel(png, module * 4.5, module * 4.5), [0x1d, 0x3f, 0x8f], 2)).toBe(true)
  })

  it('a caption adds a band under the code, written in the foreground colour', () => {
    const svg = renderQrSvg(URL_IN_QR, { caption: '扫码添加', foreground: '#5b1a8a' })
    expect(svg).toContain('fill="#5b1a8a">扫码添加</text>')
    const png = rasterize(svg, 600)
    expect(PNG.sync.read(png).height).toBeGreaterThan(600)
  })

  it("the style's caption replaces the channel name; no caption asked, none drawn", () => {
    const style: QrStyle = { foreground: '#000000', background: '#ffffff', caption: '扫码有礼', logo: null }
    expect(styledOptions(style, '门店A', true).caption).toBe('扫码有礼')
    expect(styledOptions({ ...style, caption: '' }, '门店A', true).caption).toBe('门店A')
    expect(styledOptions(style, '门店A', false).caption).toBeUndefined()
    expect(styledOptions(undefined, '门店A', true)).toEqual({ caption: '门店A' })
  })

  it('a ZIP renders each code in its own style', async () => {
    const zip = await JSZip.loadAsync(
      await buildQrZip(
        [
          {
            name: '品牌',
            content: URL_IN_QR,
            style: { ...OPTIONS['all together'], caption: '领礼品' } as QrStyle,
          },
          { name: '普通', content: LONG_URL },
        ],
        { format: 'png', caption: true },
      ),
    )
    const branded = await zip.file('品牌.png')!.async('nodebuffer')
    const plain = await zip.file('普通.png')!.async('nodebuffer')
    expect(decodeQrImage(branded)).toBe(URL_IN_QR)
    expect(decodeQrImage(plain)).toBe(LONG_URL)
    expect(close(pixel(branded, 2, 2), [0xff, 0xf4, 0xef], 2)).toBe(true)
    expect(close(pixel(plain, 2, 2), [0xff, 0xff, 0xff], 2)).toBe(true)
  })
})

describe('colour pairs', () => {
  const style = (foreground: string, background: string) => ({
    foreground,
    background,
    caption: '',
    logo: null,
  })

  it('refuses a low-contrast pair with the ratio in the message', () => {
    const result = qrStyleSchema.safeParse(style('#9aa5b1', '#ffffff'))
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toMatch(/太接近（对比度 2\.\d:1，至少要 4\.5:1）/)
  })

  it('refuses light modules on a dark background', () => {
    const result = qrStyleSchema.safeParse(style('#ffffff', '#000000'))
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toContain('前景色（码点）要比背景色深')
  })

  it('refuses malformed colours and accepts good pairs, lower-casing them', () => {
    expect(qrStyleSchema.safeParse(style('red', '#ffffff')).success).toBe(false)
    const ok = qrStyleSchema.parse(style('#1D3F8F', '#FFF8E6'))
    expect(ok.foreground).toBe('#1d3f8f')
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
  })

  it('refuses a logo that is not PNG or JPEG, and one over 1 MB', () => {
    const gif = {
      fileName: 'a.gif',
      mimeType: 'image/png',
      dataBase64: Buffer.from('GIF89a....').toString('base64'),
    }
    const r1 = qrStyleSchema.safeParse({ ...style('#000000', '#ffffff'), logo: gif })
    expect(r1.error?.issues[0]?.message).toContain('只支持 PNG 或 JPG')
    const big = { ...pngLogo(), dataBase64: pngLogo().dataBase64 + 'A'.repeat(1_500_000) }
    const r2 = qrStyleSchema.safeParse({ ...style('#000000', '#ffffff'), logo: big })
    expect(r2.error?.issues[0]?.message).toContain('不能超过 1 MB')
  })
})
