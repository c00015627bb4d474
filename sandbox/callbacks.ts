// Posts change_external_contact events to the callback URL exactly as WeCom does: the XML message
// encrypted with the corp's EncodingAESKey, signed with its Token, tried three times in all (each
// freshly encrypted) when the receiver fails or takes longer than 5 s.

import { encrypt, getSignature } from '@wecom/crypto'
import { randomBytes } from 'node:crypto'

export interface CallbackEvent {
  changeType: string
  userid: string
  externalUserid: string
  createTime: number
  state?: string
  welcomeCode?: string
  source?: string
}

export interface CallbackIdentity {
  corpId: string
  token: string
  encodingAesKey: string
}

const cdata = (v: string) => `<![CDATA[${v.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

export function eventXml(corpId: string, e: CallbackEvent): string {
  return (
    `<xml><ToUserName>${cdata(corpId)}</ToUserName><FromUserName>${cdata('sys')}</FromUserName>` +
    `<CreateTime>${e.createTime}</CreateTime><MsgType>${cdata('event')}</MsgType>` +
    `<Event>${cdata('change_external_contact')}</Event><ChangeType>${cdata(e.changeType)}</ChangeType>` +
    `<UserID>${cdata(e.userid)}</UserID><ExternalUserID>${cdata(e.externalUserid)}</ExternalUserID>` +
    (e.state !== undefined ? `<State>${cdata(e.state)}</State>` : '') +
    (e.welcomeCode ? `<WelcomeCode>${cdata(e.welcomeCode)}</WelcomeCode>` : '') +
    (e.source !== undefined ? `<Source>${cdata(e.source)}</Source>` : '') +
    `</xml>`
  )
}

/** An encrypted, signed callback request: the query string and body WeCom would send. */
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
