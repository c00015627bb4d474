// The Electron window loads the renderer from app://app/… (a scheme registered standard and secure in
// main/index.ts) instead of file://, so the page has a real origin, file:// stays out of reach and every
// response carries the CSP. This module turns a request URL into a file under dist/renderer and a
// Response; it does not import electron, so it is tested in plain Node.

import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { RENDERER_HEADERS } from '../common/csp'

export const APP_SCHEME = 'app'
export const APP_HOST = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.map': 'application/json',
}

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`)
}

export type Resolved =
  { status: 200; file: string; mime: string } | { status: 400 | 403 | 404; reason: string }

/** Maps app://app/<path> to a file inside root; anything else (other host, `..`, a folder) is refused. */
export function resolveAppRequest(url: string, root: string): Resolved {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { status: 400, reason: 'bad url' }
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST)
    return { status: 403, reason: 'other origin' }
  let decoded: string
  try {
    decoded = decodeURIComponent(parsed.pathname)
  } catch {
    return { status: 400, reason: 'bad path' }
  }
  // Decoded %2F, %5C and NULs could step out of the folder or confuse the file system.
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400, reason: 'bad path' }
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const base = path.resolve(root)
  const file = path.resolve(base, rel)
  if (!file.startsWith(base + path.sep)) return { status: 403, reason: 'outside the renderer folder' }
  if (!existsSync(file) || !statSync(file).isFile()) return { status: 404, reason: 'not found' }
  return { status: 200, file, mime: mimeType(file) }
}

/** The protocol handler's answer (protocol.handle takes a function returning this). */
export function serveAppRequest(url: string, root: string): Response {
  const resolved = resolveAppRequest(url, root)
  if (resolved.status !== 200)
    return new Response(resolved.reason, {
      status: resolved.status,
      headers: { ...RENDERER_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
    })
  return new Response(readFileSync(resolved.file), {
    status: 200,
    headers: { ...RENDERER_HEADERS, 'content-type': resolved.mime },
  })
}
