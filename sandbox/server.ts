// The simulator's HTTP routing: /cgi-bin/… to the simulated API (call count, per-API rate cap, token
// check, latency), /sandbox/qr/<config_id>.png to the ways' QR images, /sandbox/control/<method> to
// the control surface. Like WeCom, API answers are HTTP 200 with errcode/errmsg even for errors; an
// unknown /cgi-bin path answers errcode 40058 ("sandbox: unknown api"), any other path a 404 JSON.

import http from 'node:http'
import { API } from './api'
import { isRecord } from './api-request'
import { controlCall } from './control-http'
import { ApiError, type SimCorp } from './corp'
import { qrPng } from './qr'
import type { SandboxControl } from './types'

interface Answer {
  status: number
  type: string
  body: string | Buffer
}

const json = (body: unknown, status = 200): Answer => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
})

/** Bodies beyond media/upload's 10 MB cap plus multipart framing are refused unread. */
const MAX_BODY = 11 * 1024 * 1024

/** The read endpoints WeCom serves over GET; every other one is POST (wrong method: 43001 / 43002). */
const GET_PATHS: ReadonlySet<string> = new Set([
  '/cgi-bin/gettoken',
  '/cgi-bin/externalcontact/get_follow_user_list',
  '/cgi-bin/user/get',
  '/cgi-bin/user/list',
  '/cgi-bin/department/list',
  '/cgi-bin/externalcontact/list',
  '/cgi-bin/externalcontact/get',
])

export function createSandboxServer(corp: SimCorp, control: SandboxControl, apiBase: () => string) {
  async function api(req: http.IncomingMessage, url: URL, raw: Buffer): Promise<Answer> {
    const path = url.pathname
    // Calls of one API in flight at once (latency included): past the cap WeCom answers 45033.
    corp.inFlight[path] = (corp.inFlight[path] ?? 0) + 1
    const crowded = corp.inFlight[path]! > corp.options.maxConcurrentPerApi
    try {
      // Latency first, so a slow simulator is slow for every answer, errors included.
      const latency = corp.options.latencyMs + (corp.pathLatencyMs.get(path) ?? 0)
      if (latency > 0) await new Promise((r) => setTimeout(r, latency))
      const contentType = req.headers['content-type'] ?? ''
      let body: Record<string, unknown> = {}
      if (raw.length && !contentType.startsWith('multipart/')) {
        try {
          const parsed: unknown = JSON.parse(raw.toString('utf8'))
          if (isRecord(parsed)) body = parsed
        } catch {
          return json({ errcode: 47001, errmsg: 'data format error' })
        }
      }
      corp.countCall(path)
      if (crowded) throw new ApiError(45033, 'api concurrent out of limit')
      const known = path === '/cgi-bin/gettoken' || Object.hasOwn(API, path)
      if (!known) throw new ApiError(40058, `sandbox: unknown api ${path}`)
      const wantsGet = GET_PATHS.has(path)
      if (wantsGet && req.method !== 'GET') throw new ApiError(43001, 'require GET method')
      if (!wantsGet && req.method !== 'POST') throw new ApiError(43002, 'require POST method')
      if (url.pathname === '/cgi-bin/gettoken') {
        if (url.searchParams.get('corpid') !== corp.data.corpId) throw new ApiError(40013, 'invalid corpid')
        if (url.searchParams.get('corpsecret') !== corp.options.secret)
          throw new ApiError(40001, 'invalid credential')
        const { token, expiresIn } = corp.issueToken()
        return json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: expiresIn })
      }
      const handler = Object.hasOwn(API, url.pathname) ? API[url.pathname] : undefined
      if (!handler) throw new ApiError(40058, `sandbox: unknown api ${url.pathname}`)
      corp.checkToken(url.searchParams.get('access_token'))
      const fault = corp.takeFault(path)
      if (fault && !fault.afterEffect) throw new ApiError(fault.errcode, 'injected fault')
      const answer = await handler(corp, {
        query: url.searchParams,
        body,
        raw,
        contentType,
        apiBase: apiBase(),
      })
      // The effect happened, but the answer says it failed (WeCom's -1 on a create).
      if (fault) throw new ApiError(fault.errcode, 'injected fault after the effect')
      return json({ errcode: 0, errmsg: 'ok', ...answer })
    } catch (error) {
      if (error instanceof ApiError) return json({ errcode: error.errcode, errmsg: error.errmsg })
      throw error
    } finally {
      corp.inFlight[path] = (corp.inFlight[path] ?? 1) - 1
    }
  }

  async function route(req: http.IncomingMessage, raw: Buffer): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://sandbox')
    if (url.pathname.startsWith('/cgi-bin/')) return api(req, url, raw)
    if (url.pathname.startsWith('/sandbox/qr/')) {
      const configId = url.pathname.slice('/sandbox/qr/'.length).replace(/\.png$/, '')
      const way = corp.data.ways.find((w) => w.config_id === configId)
      if (!way) return json({ error: 'no such contact way' }, 404)
      return { status: 200, type: 'image/png', body: await qrPng(way.qr_content) }
    }
    if (url.pathname.startsWith('/sandbox/control/')) {
      const { status, body } = await controlCall(control, url.pathname.slice('/sandbox/control/'.length), raw)
      return json(body, status)
    }
    return json({ error: `not found: ${url.pathname}` }, 404)
  }

  return http.createServer((req, res) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        res.writeHead(413, { connection: 'close' }).end()
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => {
      if (res.writableEnded) return
      route(req, Buffer.concat(chunks))
        .then(({ status, type, body }) => {
          res.writeHead(status, { 'content-type': type })
          res.end(body)
        })
        .catch((error: unknown) => {
          // A simulator bug, not a WeCom behaviour: say so plainly rather than invent an errcode.
          res.writeHead(500, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ errcode: -1, errmsg: `sandbox error: ${String(error)}` }))
        })
    })
  })
}
