// startRelay: the HTTP face of the relay. WeCom's callback URL (relay/callback.ts), /healthz with the
// clock's drift from WeCom, and the desktop API; bodies are capped while streaming and slow clients
// are cut off well before Node's defaults.

import http from 'node:http'
import { CALLBACK_PATH_PREFIX, RELAY_API_PREFIX } from '../common/relay-api'
import getRawBody from 'raw-body'
import { createWeComClient, WECOM_API_BASE } from '../wecom'
import type { WeComClient } from '../wecom/types'
import type { CorpConfig } from './config'
import { DesktopApi } from './desktop-api'
import { GroupCommit } from './ingest'
import { stderrLog, type RelayLog } from './log'
import { Scheduler } from './scheduler'
import { RelayStore } from './store'
import { Uptime } from './uptime'
import { JobRunner } from './workers'
import { callbackHandler } from './callback'
import { ClockSkew } from './clock-skew'

export interface RelayConfig {
  host: string
  port: number
  dataDir: string
  corps: (Omit<CorpConfig, 'apiBase'> & { apiBase?: string })[]
  now?: () => number
  log?: RelayLog
  workerPollMs?: number
  workerConcurrency?: number
  schedulerTickMs?: number
  /** How often the relay records that it is up (default 60 s); outages longer than two are reported. */
  heartbeatMs?: number
}

export interface Relay {
  url: string
  port: number
  stop(): Promise<void>
}

const API_BODY_MAX = 16 * 1024 * 1024
const WELCOME_WINDOW_MS = 20_000

export async function startRelay(config: RelayConfig): Promise<Relay> {
  const now = config.now ?? Date.now
  const log = config.log ?? stderrLog
  const corps = new Map(config.corps.map((c) => [c.corpId, { ...c, apiBase: c.apiBase ?? WECOM_API_BASE }]))
  const store = new RelayStore(config.dataDir)
  const clients = new Map<string, WeComClient>()
  const client = (corpId: string) => {
    let c = clients.get(corpId)
    if (!c) {
      const corp = corps.get(corpId)!
      c = createWeComClient({ apiBase: corp.apiBase, corpId, secret: corp.secret, maxConcurrency: 32 })
      clients.set(corpId, c)
    }
    return c
  }

  const runner = new JobRunner({
    store,
    client,
    now,
    log,
    pollMs: config.workerPollMs ?? 100,
    concurrency: config.workerConcurrency ?? 32,
  })
  const scheduler = new Scheduler(store, [...corps.keys()], now, config.schedulerTickMs ?? 15_000, () =>
    runner.wake(),
  )
  const commit = new GroupCommit(store, WELCOME_WINDOW_MS, () => runner.wake())
  const uptime = new Uptime(store.db, now, config.heartbeatMs ?? 60_000, (error) =>
    log('heartbeat failed', { error: String(error) }),
  )
  const skew = new ClockSkew()
  const api = new DesktopApi(
    [...corps.values()],
    store,
    client,
    now,
    () => scheduler.tick(),
    (since) => uptime.gaps(since),
    (corpId) => skew.of(corpId),
  )
  const callback = callbackHandler({ corps, commit, skew, now, log, send })
  let draining = false

  const server = http.createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (isTooLarge(error)) {
        // Answer at once and drop the connection rather than read the rest of an oversized body.
        res.once('finish', () => req.socket.destroy())
        return send(res, 413, { error: 'too_large', message: '请求体过大' }, { connection: 'close' })
      }
      log('request failed', { path: req.url?.split('?')[0], error: String(error) })
      send(res, 500, { error: 'internal', message: '中转服务内部错误' })
    })
  })
  server.headersTimeout = 5_000
  server.requestTimeout = 15_000
  server.keepAliveTimeout = 5_000

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://relay')
    if (draining) return send(res, 503, { error: 'draining', message: '中转服务正在重启' })
    if (url.pathname === '/healthz') return send(res, 200, { ok: true, clockSkewSeconds: skew.latest() })
    if (url.pathname.startsWith(CALLBACK_PATH_PREFIX)) return callback(req, res, url)
    if (url.pathname.startsWith(`${RELAY_API_PREFIX}/`)) {
      const answer = await api.handle(req.method ?? 'GET', url, req.headers.authorization, async () => {
        const text = await getRawBody(req, { limit: API_BODY_MAX, encoding: 'utf8' })
        try {
          return JSON.parse(text) as unknown
        } catch {
          return undefined
        }
      })
      if (answer.status >= 400 && answer.status !== 429)
        log('api refused', { path: url.pathname, status: answer.status })
      return send(res, answer.status, answer.body, answer.headers)
    }
    return send(res, 404, { error: 'not_found', message: 'not found' })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  uptime.start()
  runner.start()
  scheduler.start()
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host

  return {
    url: `http://${shownHost}:${port}`,
    port,
    async stop() {
      draining = true
      scheduler.stop()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
        setTimeout(() => server.closeAllConnections(), 3000).unref()
      })
      commit.flush()
      await runner.stop()
      uptime.stop()
      store.close()
    },
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

/** raw-body's error for a body over its limit (it stops reading at the limit, or at once by Content-Length). */
function isTooLarge(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.too.large'
  )
}
