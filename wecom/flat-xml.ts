// The fast path for reading a decrypted callback: WeCom's customer events are one flat
// <xml><Name><![CDATA[value]]></Name><Name>123</Name>…</xml>, and a general XML parser spent more time
// on each than verifying and decrypting it together. This reader takes exactly that shape in one
// linear scan and gives the same fields fast-xml-parser would (text trimmed, CDATA kept as is);
// anything else — nesting, attributes, entities, repeated names, a declaration — returns null, and
// the caller reads it with the full parser.

const WS = /\s/
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/
/** Names a plain object must not be given (the full parser refuses them too). */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype'])
const CDATA_OPEN = '<![CDATA['
const CDATA_CLOSE = ']]>'

/** The top-level text fields of a flat `<xml>` message, or null when it is not one. */
export function readFlatXml(xml: string): Record<string, string> | null {
  let i = skipSpace(xml, 0)
  if (!xml.startsWith('<xml>', i)) return null
  i += 5
  const fields: Record<string, string> = {}
  for (;;) {
    i = skipSpace(xml, i)
    if (xml.startsWith('</xml>', i)) {
      // An empty <xml></xml> is the full parser's '' (no message): left to it.
      return skipSpace(xml, i + 6) === xml.length && i > 0 && Object.keys(fields).length > 0 ? fields : null
    }
    if (xml.charCodeAt(i) !== 0x3c /* < */) return null
    const nameEnd = xml.indexOf('>', i + 1)
    if (nameEnd < 0) return null
    const name = xml.slice(i + 1, nameEnd)
    if (!NAME.test(name) || RESERVED.has(name) || Object.hasOwn(fields, name)) return null
    i = nameEnd + 1
    let value: string
    if (xml.startsWith(CDATA_OPEN, i)) {
      // One section, or several back to back (how a value holding "]]>" is written).
      value = ''
      do {
        const end = xml.indexOf(CDATA_CLOSE, i + CDATA_OPEN.length)
        if (end < 0) return null
        value += xml.slice(i + CDATA_OPEN.length, end)
        i = end + CDATA_CLOSE.length
      } while (xml.startsWith(CDATA_OPEN, i))
    } else {
      const end = xml.indexOf('<', i)
      if (end < 0) return null
      value = xml.slice(i, end)
      if (value.includes('&')) return null
      value = value.trim()
      i = end
    }
    const close = `</${name}>`
    if (!xml.startsWith(close, i)) return null
    i += close.length
    fields[name] = value
  }
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && WS.test(s[i]!)) i++
  return i
}
