// A request's target, parsed so that nothing a stranger sends can throw: both servers that face a
// network (the relay, which WeCom calls, and the desktop's loopback host, which any web page the
// manager opens can reach) route only what this accepts and answer 400 to the rest.

/**
 * The request's path and query as a URL, or null when it is not an origin-form target: one `/`,
 * no empty segment, and parseable (`//`, `http://[`, `/a//b`, `*` are refused). Percent-escapes are
 * left as they are: decode them with `decodePathPart`.
 */
export function requestTarget(raw: string | undefined): URL | null {
  if (!raw || raw[0] !== '/' || raw.split('?')[0]!.includes('//')) return null
  try {
    return new URL(`http://origin${raw}`)
  } catch {
    return null
  }
}

/** decodeURIComponent, or null for text that is not valid percent-encoded UTF-8 (`%E0`, `%`). */
export function decodePathPart(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}
