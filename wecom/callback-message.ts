// A decrypted callback message, read whole: WeCom sends a self-built app's URL every message and event
// of the app — customer changes, but also text a member sends the app and events with nested lists
// (change_external_chat's <MemChangeList>) — so the reader must take any well-formed XML, not only the
// flat customer events. fast-xml-parser does the reading with entities off (no DTD expansion) and
// every value kept as a string — except for the flat shape customer events have, which flat-xml.ts
// reads in one scan with the same result.

import { XMLParser } from 'fast-xml-parser'
import { readFlatXml } from './flat-xml'

export interface CallbackMessage {
  msgType: string
  /** The Event of MsgType 'event'; '' otherwise. */
  event: string
  changeType: string
  createTime: number
  /** The message's top-level text fields (nested ones are left to whoever needs them). */
  fields: Record<string, string>
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  trimValues: true,
})

/** The message, or null when the text is not a WeCom <xml> message at all. */
export function readCallbackMessage(xml: string): CallbackMessage | null {
  const fields = readFlatXml(xml) ?? readAnyXml(xml)
  if (!fields) return null
  const createTime = Number(fields.CreateTime)
  return {
    msgType: fields.MsgType ?? '',
    event: fields.Event ?? '',
    changeType: fields.ChangeType ?? '',
    createTime: Number.isFinite(createTime) ? createTime : 0,
    fields,
  }
}

/** The top-level text fields of any well-formed `<xml>` message, by the full parser. */
export function readAnyXml(xml: string): Record<string, string> | null {
  let root: unknown
  try {
    root = (parser.parse(xml) as { xml?: unknown }).xml
  } catch {
    return null
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return null
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(root)) if (typeof value === 'string') fields[name] = value
  return fields
}

/** Customer changes (add, delete, transfer…): the only messages the relay acts on. */
export function isCustomerChange(message: CallbackMessage): boolean {
  return message.msgType === 'event' && message.event === 'change_external_contact'
}
