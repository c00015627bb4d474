// WeCom's callback crypto (WECOM.md "Crypto"). Opening: compare msg_signature in constant time first,
// then decrypt with @wecom/crypto, then require the receive id to be the URL's corp — the library
// checks neither, and with a wrong key returns garbage instead of throwing. Sealing: what WeCom
// sends — an encrypted, signed event, or the URL check's echostr.

import { decrypt, encrypt, getSignature } from '@wecom/crypto'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { cdata } from './callback-xml'

export interface CallbackIdentity {
  corpId: string
  token: string
  encodingAesKey: string
}

const SIGNATURE = /^[0-9a-f]{40}$/i
const TIMESTAMP = /^[0-9]{1,12}$/
const NONCE = /^[\x21-\x7e]{1,64}$/
/** The base64 alphabet, as a byte table (a regex over every callback's Encrypt cost ~10 µs each). */
const BASE64_BYTE = new Uint8Array(256)
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
  BASE64_BYTE[c.charCodeAt(0)] = 1

/** AES-CBC output in base64 (/^[A-Za-z0-9+/]+={0,2}$/): nothing else is ever a valid Encrypt value. */
export function isBase64(text: string): boolean {
  let end = text.length
  if (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--
  if (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--
  if (end === 0) return false
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c > 0xff || BASE64_BYTE[c] !== 1) return false
  }
  return true
}

export type OpenResult = { ok: true; message: string } | { ok: false; status: number; reason: string }

/**
 * WeCom's msg_signature: SHA-1 over token, timestamp, nonce and the Encrypt value, sorted and joined
 * (as @wecom/crypto's getSignature, whose result it equals for WeCom's ASCII values), computed on
 * bytes so a large Encrypt is hashed where it lies instead of being copied into strings first.
 */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypted: string | Buffer) {
  const parts = [token, timestamp, nonce, encrypted].map((p) => (typeof p === 'string' ? Buffer.from(p) : p))
  parts.sort(Buffer.compare)
  const hash = createHash('sha1')
  for (const p of parts) hash.update(p)
  return hash.digest('hex')
}

export function signatureMatches(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string | Buffer,
  given: string,
): boolean {
  const expected = Buffer.from(wecomSignature(token, timestamp, nonce, encrypted))
  const actual = Buffer.from(given)
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

export function openMessage(
  corp: { corpId: string; token: string; encodingAesKey: string },
  params: { signature: string; timestamp: string; nonce: string },
  encrypted: string | Buffer,
): OpenResult {
  if (!params.signature || !params.timestamp || !params.nonce || encrypted.length === 0) {
    return { ok: false, status: 400, reason: 'missing signature parameters' }
  }
  // Parsed strictly: a timestamp that is not a number (or a signature that is not SHA-1 hex) is a
  // malformed request, not something to sign over and guess at.
  if (!SIGNATURE.test(params.signature) || !TIMESTAMP.test(params.timestamp) || !NONCE.test(params.nonce)) {
    return { ok: false, status: 400, reason: 'malformed signature parameters' }
  }
  if (!signatureMatches(corp.token, params.timestamp, params.nonce, encrypted, params.signature)) {
    return { ok: false, status: 401, reason: 'bad signature' }
  }
  let opened: { message: string; id: string }
  try {
    // Decoded as text only now that WeCom's signature vouches for it.
    const text = typeof encrypted === 'string' ? encrypted : encrypted.toString('latin1')
    if (!isBase64(text)) return { ok: false, status: 400, reason: 'cannot decrypt' }
    opened = decrypt(corp.encodingAesKey, text)
  } catch {
    return { ok: false, status: 400, reason: 'cannot decrypt' }
  }
  if (opened.id !== corp.corpId)
    return { ok: false, status: 403, reason: 'receive id does not match the corp' }
  return { ok: true, message: opened.message }
}

/** An encrypted, signed event callback: the query string and body WeCom would POST. */
export function sealCallback(
  id: CallbackIdentity,
  message: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const encrypted = encrypt(id.encodingAesKey, message, id.corpId)
  const nonce = randomBytes(6).toString('hex')
  const signature = getSignature(id.token, timestamp, nonce, encrypted)
  const query = `msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`
  const body = `<xml><ToUserName>${cdata(id.corpId)}</ToUserName><AgentID>${cdata('')}</AgentID><Encrypt>${cdata(encrypted)}</Encrypt></xml>`
  return { query, body }
}

/** The URL check's GET parameters: `plain` encrypted as echostr and signed. */
export function sealEchostr(id: CallbackIdentity, plain: string, timestamp = Math.floor(Date.now() / 1000)) {
  const echostr = encrypt(id.encodingAesKey, plain, id.corpId)
  const nonce = randomBytes(8).toString('hex')
  return {
    msg_signature: getSignature(id.token, timestamp, nonce, echostr),
    timestamp: String(timestamp),
    nonce,
    echostr,
  }
}
