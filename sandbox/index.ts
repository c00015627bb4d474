// startSandbox: the WeCom simulator as an HTTP server on loopback. Routes /cgi-bin/… to the simulated
// API (token checks, per-API rate cap, latency), serves the ways' QR images, and exposes the control
// surface over HTTP (/sandbox/control/<method>) for standalone use. Optionally persists its state.

import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { API } from './api'
import { ApiError, SimCorp } from './corp'
import { createControl } from './control'
import type { CorpData } from './model'
import { qrPng } from './qr'
import { seedCorp } from './seed'
import type { Sandbox, SandboxControl, SandboxOptions } from './types'
import { emptyCorp } from './model'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const randomAlnum = (n: number) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('')

export function newEncodingAesKey(): string {
  return randomBytes(32).toString('base64').replace(/=+$/, '')
}

function loadState(file: string | undefined): CorpData | null {
  if (!file || !existsSync(file)) return null
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CorpData
  } catch {
    return null
  }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const now = opts.now ?? Date.now
  const corpId = opts.corpId ?? 'wwsandbox0001'
  const corpName = opts.corpName ?? '演示企业（沙盒）'
  const data =
    loadState(opts.stateFile) ??
    (opts.seed === false ? emptyCorp(corpId, corpName) : seedCorp(corpId, corpName, now()))
  const corp = new SimCorp(data, {
    secret: opts.secret ?? randomAlnum(43),
    token: opts.token ?? randomAlnum(32),
    encodingAesKey: opts.encodingAesKey ?? newEncodingAesKey(),
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 7200,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 10_000,
    latencyMs: opts.latencyMs ?? 0,
    callbackUrl: opts.callbackUrl ?? null,
    autoAcceptPendingAfterMs: opts.autoAcceptPendingAfterMs ?? null,
    now,
  })

  let saveTimer: NodeJS.Timeout | null = null
  const save = () => {
    if (!opts.stateFile) return
    writeFileSync(`${opts.stateFile}.tmp`, JSON.stringify(corp.snapshot()))
    renameSync(`${opts.stateFile}.tmp`, opts.stateFile)
  }
  if (opts.stateFile) {
    corp.onChange = () => {
      saveTimer ??= setTimeout(() => {
        saveTimer = null
        save()
      }, 200)
    }
  }

  const control = createControl(corp)
  let apiBase = ''

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void handle(req, Buffer.concat(chunks))
        .then(({ status, type, body }) => {
          res.writeHead(status, { 'content-type': type })
          res.end(body)
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ errcode: -1, errmsg: String(error) }))
        })
    })
  })

  const json = (body: unknown, status = 200) => ({
    status,
    type: 'application/json; charset=utf-8',
    body: JSON.stringify(body),
  })

  async function handle(req: http.IncomingMessage, raw: Buffer) {
    const url = new URL(req.url ?? '/', 'http://sandbox')
    if (url.pathname.startsWith('/sandbox/qr/')) {
      const configId = url.pathname.slice('/sandbox/qr/'.length).replace(/\.png$/, '')
      const way = corp.data.ways.find((w) => w.config_id === configId)
      if (!way) return { status: 404, type: 'text/plain', body: 'not found' }
      return { status: 200, type: 'image/png', body: await qrPng(way.qr_content) }
    }
    if (url.pathname.startsWith('/sandbox/control/'))
      return json(await controlCall(url.pathname.slice(17), raw))
    if (corp.options.latencyMs > 0) await new Promise((r) => setTimeout(r, corp.options.latencyMs))
    const contentType = req.headers['content-type'] ?? ''
    let body: Record<string, unknown> = {}
    if (raw.length && !contentType.startsWith('multipart/')) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'))
        if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>
      } catch {
        return json({ errcode: 47001, errmsg: 'data format error' })
      }
    }
    try {
      corp.countCall(url.pathname)
      if (url.pathname === '/cgi-bin/gettoken') {
        if (url.searchParams.get('corpid') !== corp.data.corpId) throw new ApiError(40013, 'invalid corpid')
        if (url.searchParams.get('corpsecret') !== corp.options.secret)
          throw new ApiError(40001, 'invalid credential')
        const { token, expiresIn } = corp.issueToken()
        return json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: expiresIn })
      }
      const handler = Object.hasOwn(API, url.pathname) ? API[url.pathname] : undefined
      if (!handler) return json({ errcode: 60000, errmsg: `unknown api ${url.pathname}` }, 404)
      corp.checkToken(url.searchParams.get('access_token'))
      const answer = await handler(corp, { query: url.searchParams, body, raw, contentType, apiBase })
      return json({ errcode: 0, errmsg: 'ok', ...answer })
    } catch (error) {
      if (error instanceof ApiError) return json({ errcode: error.errcode, errmsg: error.errmsg })
      throw error
    }
  }

  async function controlCall(method: string, raw: Buffer): Promise<unknown> {
    const args = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {}
    const s = (k: string) => String(args[k] ?? '')
    try {
      switch (method) {
        case 'scan':
          return await control.scan(
            {
              ...(args.state ? { state: s('state') } : {}),
              ...(args.configId ? { configId: s('configId') } : {}),
            },
            {
              ...(args.customerName ? { customerName: s('customerName') } : {}),
              ...(args.userid ? { userid: s('userid') } : {}),
              ...(args.externalUserid ? { externalUserid: s('externalUserid') } : {}),
            },
          )
        case 'acceptPending':
          await control.acceptPending(s('userid'), s('externalUserid'))
          return { ok: true }
        case 'customerDeletesMember':
          await control.customerDeletesMember(s('externalUserid'), s('userid'))
          return { ok: true }
        case 'memberDeletesCustomer':
          await control.memberDeletesCustomer(s('userid'), s('externalUserid'))
          return { ok: true }
        case 'setCallbackUrl':
          control.setCallbackUrl(args.url ? s('url') : null)
          return { ok: true }
        case 'setLatency':
          control.setLatency(Number(args.ms) || 0)
          return { ok: true }
        case 'expireTokens':
          control.expireTokens()
          return { ok: true }
        case 'state':
          return {
            sentWelcomes: control.sentWelcomes,
            markedTags: control.markedTags,
            calls: control.calls,
            callbacks: control.callbacks,
          }
        default:
          return { error: `unknown control method ${method}` }
      }
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  apiBase = `http://${opts.host ?? '127.0.0.1'}:${port}`

  return {
    apiBase,
    corpId: corp.data.corpId,
    corpName: corp.data.corpName,
    secret: corp.options.secret,
    token: corp.options.token,
    encodingAesKey: corp.options.encodingAesKey,
    control,
    async stop() {
      ;(control as SandboxControl & { dispose?: () => void }).dispose?.()
      if (saveTimer) clearTimeout(saveTimer)
      save()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type { Sandbox, SandboxControl, SandboxOptions } from './types'
