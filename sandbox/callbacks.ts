// Posts callbacks to the callback URL exactly as WeCom does: the XML message encrypted with the corp's
// EncodingAESKey, signed with its Token, tried three times in all (each freshly encrypted) when the
// receiver fails or takes longer than 5 s. Besides change_external_contact events, a self-built
// app's URL receives every other message and event of the app (WECOM.md): messageXml writes those,
// nested lists such as MemChangeList included.

import { sealCallback, type CallbackIdentity } from '../wecom/callback-crypto'
import { cdata } from '../wecom/callback-xml'

/** A field's value: text (CDATA), a number, a nested element, or a list (the element repeated). */
export type XmlValue = string | number | { [name: string]: XmlValue } | XmlValue[]

function field(name: string, value: XmlValue): string {
  if (Array.isArray(value)) return value.map((item) => field(name, item)).join('')
  if (typeof value === 'number') return `<${name}>${value}</${name}>`
  if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`
  return `<${name}>${fields(value)}</${name}>`
}

function fields(values: { [name: string]: XmlValue }): string {
  return Object.entries(values)
    .map(([name, value]) => field(name, value))
    .join('')
}

/** Any message or event of the app, as WeCom writes it: ToUserName first, then the given fields. */
export function messageXml(corpId: string, values: { [name: string]: XmlValue }): string {
  return `<xml>${field('ToUserName', corpId)}${fields(values)}</xml>`
}

/**
 * Delivers one message: three attempts in all, each freshly encrypted and signed (as WeCom does),
 * until the receiver answers 2xx within the timeout. Resolves with the last status (0 = no answer).
 */
export async function postCallback(
  url: string,
  id: CallbackIdentity,
  message: string,
  timeoutMs = 5000,
): Promise<{ status: number; attempts: number }> {
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
