// Reads one named file part out of a multipart/form-data body — just enough for media/upload, so the
// simulator needs no form-parsing dependency.

export function multipartFile(
  raw: Buffer,
  contentType: string,
  field: string,
): { data: Buffer; filename: string } | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const b = boundary?.[1] ?? boundary?.[2]
  if (!b) return null
  const delimiter = Buffer.from(`--${b}`)
  let pos = raw.indexOf(delimiter)
  while (pos !== -1) {
    const next = raw.indexOf(delimiter, pos + delimiter.length)
    if (next === -1) break
    // Skip the CRLF after the delimiter and drop the CRLF before the next one.
    const part = raw.subarray(pos + delimiter.length + 2, next - 2)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8')
      const name = /name="([^"]*)"/.exec(headers)?.[1]
      if (name === field) {
        const filename = /filename="([^"]*)"/.exec(headers)?.[1] ?? ''
        return { data: part.subarray(headerEnd + 4), filename }
      }
    }
    pos = next
  }
  return null
}
