// The browser host: the same contract served over HTTP on 127.0.0.1 for a browser (tests and
// `npm run web`). Every request needs the per-launch token; Host and Origin are checked so a web
// page elsewhere cannot reach it through DNS rebinding or a cross-site form.

import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { eventNames, type Handlers, type Subscribe } from '../../common/contract'
import { dispatch, type Logger } from '../bridge/dispatch'
import getRawBody from 'raw-body'
import { decodePathPart, requestTarget } from '../../wecom/request-target'
import { RENDERER_HEADERS } from '../../common/csp'
import { mimeType } from '../app-protocol'

export interface HostOptions {
  handlers: Handlers
  /** The contract's events, streamed to the page as server-sent events on GET /api/events. */
  subscribe?: Subscribe
  /** Built renderer (dist/renderer); when absent only the API is served. */
  staticDir?: string
  port?: number
  token?: string
  log?: Logger
  /** Largest JSON body accepted (images come base64 in createCode). */
  maxBodyBytes?: number
}

export interface Host {
  url: string
  port: number
  token: string
  /** The URL a person opens: the app with its token in the query. */
  openUrl: string
  stop(): Promise<void>
}

const API_PREFIX = '/api/'
const EVENTS_PATH = '/api/events'
/** A comment line now and then keeps proxies and the browser from dropping an idle stream. */
const EVENTS_PING_MS = 20_000

export async function startHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const tokenBuf = Buffer.from(token)
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024
  const log = options.log ?? (() => {})
  let port = 0

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])

  const server = http.createServer((req, res) => {
    // Any web page the manager opens can reach this port (an <img> is enough): whatever it sends,
    // the answer is a 4xx and the app stays up.
    try {
      route(req, res)
    } catch (error) {
      log('host request failed', { error: String(error) })
      if (!res.headersSent) sendJson(res, 400, { ok: false, code: 'VALIDATION', message: '请求无效' })
    }
  })

  function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const host = req.headers.host ?? ''
    if (!allowedHosts().has(host))
      return sendJson(res, 421, { ok: false, code: 'UNAUTHORIZED', message: 'Host 不被允许' })
    const origin = req.headers.origin
    if (origin && !allowedHosts().has(origin.replace(/^https?:\/\//, ''))) {
      return sendJson(res, 403, { ok: false, code: 'UNAUTHORIZED', message: '来源不被允许' })
    }
    const url = requestTarget(req.url)
    if (!url) return sendJson(res, 400, { ok: false, code: 'VALIDATION', message: '请求地址无效' })
    if (url.pathname === EVENTS_PATH && req.method === 'GET') {
      if (!hasToken(req.headers.authorization, tokenBuf)) {
        return sendJson(res, 401, { ok: false, code: 'UNAUTHORIZED', message: '访问令牌无效' })
      }
      return streamEvents(req, res)
    }
    if (url.pathname.startsWith(API_PREFIX)) {
      if (req.method !== 'POST')
        return sendJson(res, 405, { ok: false, code: 'UNKNOWN_CALL', message: '只接受 POST' })
      if (!hasToken(req.headers.authorization, tokenBuf)) {
        return sendJson(res, 401, {
          ok: false,
          code: 'UNAUTHORIZED',
          message: '访问令牌无效，请使用启动时打印的链接打开',
        })
      }
      const name = decodePathPart(url.pathname.slice(API_PREFIX.length))
      if (name === null)
        return sendJson(res, 400, { ok: false, code: 'UNKNOWN_CALL', message: '请求地址无效' })
      void handleCall(req, res, name).catch((error: unknown) => {
        log('host call failed', { error: String(error) })
        if (!res.headersSent) sendJson(res, 500, { ok: false, code: 'INTERNAL', message: '内部错误' })
      })
      return
    }
    serveStatic(res, url.pathname)
  }
  server.headersTimeout = 10_000
  server.requestTimeout = 60_000

  async function handleCall(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
    let body: string
    try {
      // Capped while streaming (and up front by Content-Length): an oversized body is never buffered.
      body = await getRawBody(req, { limit: maxBody, encoding: 'utf8' })
    } catch {
      res.once('finish', () => req.socket.destroy())
      return sendJson(res, 413, { ok: false, code: 'VALIDATION', message: '提交的数据过大' })
    }
    let input: unknown
    try {
      input = body ? JSON.parse(body) : {}
    } catch {
      return sendJson(res, 400, { ok: false, code: 'VALIDATION', message: '请求不是有效的 JSON' })
    }
    const result = await dispatch(options.handlers, name, input, log)
    sendJson(res, 200, result)
  }

  function streamEvents(req: http.IncomingMessage, res: http.ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    })
    res.write(': connected\n\n')
    const subscribe = options.subscribe
    const offs = subscribe
      ? eventNames.map((name) =>
          subscribe(name, (payload) => {
            res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
          }),
        )
      : []
    const ping = setInterval(() => res.write(': ping\n\n'), EVENTS_PING_MS)
    const close = () => {
      clearInterval(ping)
      offs.forEach((off) => off())
    }
    req.once('close', close)
    res.once('close', close)
  }

  function serveStatic(res: http.ServerResponse, pathname: string) {
    const root = options.staticDir
    if (!root || !existsSync(root)) {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('renderer not built: run npm run build')
      return
    }
    const decoded = decodePathPart(pathname)
    if (decoded === null) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad path')
      return
    }
    const rel = decoded === '/' ? '/index.html' : decoded
    const file = path.resolve(root, '.' + rel)
    const inside = file.startsWith(path.resolve(root) + path.sep)
    const target =
      inside && existsSync(file) && statSync(file).isFile() ? file : path.join(root, 'index.html')
    // The same CSP and headers as the Electron window's app:// responses (common/csp.ts).
    res.writeHead(200, { ...RENDERER_HEADERS, 'content-type': mimeType(target) })
    createReadStream(target).pipe(res)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    port,
    token,
    openUrl: `${url}/?token=${encodeURIComponent(token)}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function hasToken(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '')
  if (!match?.[1]) return false
  const given = Buffer.from(match[1])
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  res.end(text)
}
