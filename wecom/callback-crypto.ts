// WeCom's callback crypto (WECOM.md "Crypto"). Opening: compare msg_signature in constant time first,
// then decrypt with @wecom/crypto, then require the receive id to be the URL's corp — the library
// checks neither, and with a wrong key returns garbage instead of throwing. Sealing: what WeCom
// sends — an encrypted, signed event, or the URL check's echostr.

import { decrypt, encrypt, getSignature } from '@wecom/crypto'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { cdata } from './callback-xml'

export interface CallbackIdentity {
  corpId: string
  token: string
  encodingAesKey: string
}

export type OpenResult = { ok: true; message: string } | { ok: false; status: number; reason: string }

export function signatureMatches(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
  given: string,
): boolean {
  const expected = Buffer.from(getSignature(token, timestamp, nonce, encrypted))
  const actual = Buffer.from(given)
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

export function openMessage(
  corp: { corpId: string; token: string; encodingAesKey: string },
  params: { signature: string; timestamp: string; nonce: string },
  encrypted: string,
): OpenResult {
  if (!params.signature || !params.timestamp || !params.nonce || !encrypted) {
    return { ok: false, status: 400, reason: 'missing signature parameters' }
  }
  if (!signatureMatches(corp.token, params.timestamp, params.nonce, encrypted, params.signature)) {
    return { ok: false, status: 401, reason: 'bad signature' }
  }
  let opened: { message: string; id: string }
  try {
    opened = decrypt(corp.encodingAesKey, encrypted)
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
