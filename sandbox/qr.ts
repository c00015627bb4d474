// The QR images behind each way's qr_code URL: a real PNG encoding a WeCom-like "contact me" link, so
// the desktop's decode → re-render path is exercised exactly as with WeCom's own images.

import { randomBytes } from 'node:crypto'
import QRCode from 'qrcode'

export function qrContentFor(): string {
  return `https://work.weixin.qq.com/ca/cawcde${randomBytes(8).toString('hex')}`
}

export function qrPng(content: string): Promise<Buffer> {
  return QRCode.toBuffer(content, { type: 'png', width: 430, margin: 2, errorCorrectionLevel: 'M' })
}
