// WeCom's callback XML is flat: <xml><Name><![CDATA[value]]></Name>…</xml>. A strict little reader
// for that shape is safer than a general XML parser (no entities, no DTDs, no nesting to exploit).

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
