// Verifying and opening WeCom's callbacks (WECOM.md "Crypto"): compare msg_signature in constant
// time first, then decrypt with @wecom/crypto, then require the receive id to be the URL's corp —
// the library checks neither, and with a wrong key returns garbage instead of throwing.

import { decrypt, getSignature } from '@wecom/crypto'
import { timingSafeEqual } from 'node:crypto'

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
