// The renderer's Content-Security-Policy, in one place: the browser host sends it with every page and
// the Electron window's app:// handler with every response (main/app-protocol.ts). Scripts only from
// the app itself, no eval, no plugins, no framing; images may be data:/blob: (QR previews, posters).

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

/** Headers every renderer page and asset carries, whichever shell serves it. */
export const RENDERER_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}
