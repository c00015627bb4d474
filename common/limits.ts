// The numeric limits WeCom imposes (WECOM.md), named once so forms, schemas and services agree.

export const CODE_NAME_MAX = 30
export const STATE_MAX = 30
export const CODE_MEMBERS_MAX = 100
export const WELCOME_TEXT_MAX_BYTES = 4000
export const LINK_TITLE_MAX_BYTES = 128
export const LINK_DESC_MAX_BYTES = 512
/** WeCom's current limit is 10 MB but older docs say 2 MB; the form keeps to the safe one. */
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024
export const IMAGE_MIN_BYTES = 6
export const PAGE_SIZES = [10, 20, 50, 100] as const
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/** UTF-8 byte length without Node's Buffer or the DOM's TextEncoder typing differences. */
export function utf8Bytes(text: string): number {
  let bytes = 0
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return bytes
}

/** Decoded size of a base64 string. */
export function base64Bytes(b64: string): number {
  const clean = b64.replace(/\s/g, '')
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0
  return Math.floor((clean.length * 3) / 4) - padding
}
