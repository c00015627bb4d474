// Posts change_external_contact events to the callback URL exactly as WeCom does: the XML message
// encrypted with the corp's EncodingAESKey, signed with its Token, tried three times in all (each
// freshly encrypted) when the receiver fails or takes longer than 5 s.

import { sealCallback, type CallbackIdentity } from '../wecom/callback-crypto'
import { eventXml, type CallbackEvent } from '../wecom/callback-xml'

/**
 * Delivers one event: three attempts in all, each freshly encrypted and signed (as WeCom does), until
 * the receiver answers 2xx within the timeout. Resolves with the last status (0 = no answer).
 */
export async function postCallback(
  url: string,
  id: CallbackIdentity,
  event: CallbackEvent,
  timeoutMs = 5000,
): Promise<{ status: number; attempts: number }> {
  const message = eventXml(id.corpId, event)
  let status = 0
  let attempts = 0
  while (attempts < 3) {
    attempts += 1
    const { query, body } = sealCallback(id, message)
    try {
      const res = await fetch(`${url}${url.includes('?') ? '&' : '?'}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
      status = res.status
      await res.arrayBuffer()
      if (res.ok) break
    } catch {
      status = 0
    }
  }
  return { status, attempts }
}
