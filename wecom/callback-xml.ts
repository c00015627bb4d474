// WeCom's callback XML: the flat <xml><Name><![CDATA[value]]></Name>…</xml> of its messages, read by
// a strict little reader (no entities, no DTDs), and written for the simulator and tests.

export function parseFlatXml(xml: string): Record<string, string> | null {
  const body = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(xml)?.[1]
  if (body === undefined) return null
  const out: Record<string, string> = {}
  const field = /<([A-Za-z][A-Za-z0-9_]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g
  let consumed = 0
  let match: RegExpExecArray | null
  while ((match = field.exec(body)) !== null) {
    if (body.slice(consumed, match.index).trim() !== '') return null
    out[match[1]!] = match[2] ?? match[3] ?? ''
    consumed = match.index + match[0].length
  }
  if (body.slice(consumed).trim() !== '') return null
  return out
}

/** A change_external_contact event (WECOM.md "Callbacks"). */
export interface CallbackEvent {
  changeType: string
  userid: string
  externalUserid: string
  createTime: number
  state?: string
  welcomeCode?: string
  source?: string
}

/** A value as CDATA; a ']]>' inside is split across two sections, as XML requires. */
export const cdata = (v: string) => `<![CDATA[${v.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

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
