// Reading the URL inside WeCom's qr_code image (PNG or JPEG), once per code: the app then renders
// its own print-size QR from that URL and works offline.

import axios from 'axios'
import jpeg from 'jpeg-js'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'

function rgba(bytes: Buffer): { data: Uint8ClampedArray; width: number; height: number } {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    const png = PNG.sync.read(bytes)
    return {
      data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      width: png.width,
      height: png.height,
    }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true })
    return {
      data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length),
      width: img.width,
      height: img.height,
    }
  }
  throw new Error('二维码图片格式无法识别（只支持 PNG 和 JPG）')
}

export function decodeQrImage(bytes: Buffer): string {
  const { data, width, height } = rgba(bytes)
  const found = jsQR(data, width, height)
  if (!found?.data) throw new Error('图片中没有找到二维码')
  return found.data
}

export async function fetchQrContent(url: string, timeoutMs = 10_000): Promise<string> {
  let bytes: Buffer
  try {
    const res = await axios.get<ArrayBuffer>(url, {
      adapter: 'http',
      responseType: 'arraybuffer',
      timeout: timeoutMs,
    })
    bytes = Buffer.from(res.data)
  } catch {
    throw new Error('下载二维码图片失败，请检查网络')
  }
  return decodeQrImage(bytes)
}
