// WeCom's callback XML as the simulator and the tests write it: the flat
// <xml><Name><![CDATA[value]]></Name>…</xml> of its customer events. (The relay reads the envelope in
// callback-envelope.ts and the decrypted message in callback-message.ts.)

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
