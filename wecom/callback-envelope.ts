// The outer envelope of a callback POST, `<xml>…<Encrypt><![CDATA[base64]]></Encrypt>…</xml>`, read
// before anything is known about the sender: only the Encrypt value is needed to check the
// signature, so it is found in the raw bytes with indexOf (linear, and never decoded as text) and
// nothing else is parsed until the signature matched. The decrypted message is parsed afterwards,
// by a real XML parser, and only ever on text WeCom signed.

const OPEN = Buffer.from('<Encrypt>')
const CLOSE = Buffer.from('</Encrypt>')
const CDATA_OPEN = Buffer.from('<![CDATA[')
const CDATA_CLOSE = Buffer.from(']]>')

/** The Encrypt value's bytes (a view into `body`), or null when the body holds none. */
export function envelopeEncrypt(body: Buffer): Buffer | null {
  const start = body.indexOf(OPEN)
  if (start < 0) return null
  let from = start + OPEN.length
  let value: Buffer
  if (body.subarray(from, from + CDATA_OPEN.length).equals(CDATA_OPEN)) {
    from += CDATA_OPEN.length
    const end = body.indexOf(CDATA_CLOSE, from)
    if (end < 0) return null
    const after = end + CDATA_CLOSE.length
    if (!body.subarray(after, after + CLOSE.length).equals(CLOSE)) return null
    value = body.subarray(from, end)
  } else {
    const end = body.indexOf(CLOSE, from)
    if (end < 0) return null
    value = trimAscii(body.subarray(from, end))
  }
  return value.length > 0 ? value : null
}

function trimAscii(b: Buffer): Buffer {
  let s = 0
  let e = b.length
  while (s < e && b[s]! <= 0x20) s++
  while (e > s && b[e - 1]! <= 0x20) e--
  return b.subarray(s, e)
}
