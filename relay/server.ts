// startRelay: the HTTP face of the relay. WeCom's callback URL (relay/callback.ts), /healthz with the
// clock's drift from WeCom, and the desktop API; bodies are capped while streaming, slow clients are
// cut off on time and sockets are capped (relay/connection-limits.ts), and no request target, however
// malformed, gets past the router as anything but a 4xx.

import http from 'node:http'
import { CALLBACK_PATH_PREFIX, RELAY_API_PREFIX } from '../common/relay-api'
import getRawBody from 'raw-body'
import { createWeComClient, WECOM_API_BASE } from '../wecom'
import type { WeComClient } from '../wecom/types'
import type { CorpConfig } from './config'
import { DesktopApi } from './desktop-api'
import { GroupCommit } from './ingest'
import { stderrLog, throttledLog, type RelayLog } from './log'
import {
  capConnections,
  connectionLimitsSchema,
  requestAddress,
  serverTimeouts,
  type ConnectionLimitsInput,
} from './connection-limits'
import { Scheduler } from './scheduler'
import { openStorage, type StoreConfig } from './open-storage'
import { RelayStore } from './store'
import { Uptime } from './uptime'
import { JobRunner } from './workers'
import { callbackHandler } from './callback'
import { decodePathPart, requestTarget } from '../wecom/request-target'
import { ClockSkew } from './clock-skew'
import { CorpProblems } from './corp-problems'
import { RefusalBudget } from './refusal-budget'
import { Router } from './routing/router'
import { WayLock } from './routing/way-lock'

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
  limits?: ConnectionLimitsInput | undefined
  /** A job's lease (default 10 s; renewed while its call runs). */
  jobLeaseMs?: number
  /** Timeout of each WeCom call (default 8 s, under the lease). */
  wecomTimeoutMs?: number
  /** Days the other messages (texts to the app, other events) are kept (default 30). */
  keepMessagesDays?: number
  /** How often old messages are pruned (default hourly). */
  housekeepingMs?: number
  /** Smart routing: how often each corp is looked at without a wake (default 15 s). */
  routingTickMs?: number
  /** Least time between two rotation-only re-points of one code (default 30 s). */
  routingRotationMinMs?: number
  /** How often routed members are checked in WeCom for departures (default 1 h; 0 = never). */
  routingMemberCheckMs?: number
  /** For tests: called with the store's connection once open, to inject faults on it (SQLite only). */
  onStoreOpen?: (db: RelayStore['db']) => void
  /** Where the relay keeps its data: SQLite in dataDir (the default) or PostgreSQL. */
  store?: StoreConfig
}

export interface Relay {
  url: string
  port: number
  /** Whether smart routing has nothing pending (no pass queued, no re-point in flight): for tests and benches. */
  routingIdle(): boolean
  stop(): Promise<void>
}

const API_BODY_MAX = 16 * 1024 * 1024
const WELCOME_WINDOW_MS = 20_000

export async function startRelay(config: RelayConfig): Promise<Relay> {
  const now = config.now ?? Date.now
  const log = config.log ?? stderrLog
  const corps = new Map(config.corps.map((c) => [c.corpId, { ...c, apiBase: c.apiBase ?? WECOM_API_BASE }]))
  const store = await openStorage({
    dataDir: config.dataDir,
    ...(config.store ? { store: config.store } : {}),
    now,
    log,
  })
  if (store instanceof RelayStore) config.onStoreOpen?.(store.db)
  const clients = new Map<string, WeComClient>()
  const client = (corpId: string) => {
    let c = clients.get(corpId)
    if (!c) {
      const corp = corps.get(corpId)!
      // Each call is bounded well under a job's lease (which is renewed while it runs, besides).
      c = createWeComClient({
        apiBase: corp.apiBase,
        corpId,
        secret: corp.secret,
        maxConcurrency: 32,
        timeoutMs: config.wecomTimeoutMs ?? 8_000,
      })
      clients.set(corpId, c)
    }
    return c
  }

  const wayLock = new WayLock()
  const runner = new JobRunner({
    wayLock,
    store,
    client,
    now,
    log,
    pollMs: config.workerPollMs ?? 100,
    concurrency: config.workerConcurrency ?? 32,
    ...(config.jobLeaseMs ? { leaseMs: config.jobLeaseMs } : {}),
  })
  const problems = new CorpProblems(now)
  const router = new Router({
    store,
    corpIds: [...corps.keys()],
    client,
    now,
    log,
    problems,
    lock: wayLock,
    ...(config.routingTickMs !== undefined ? { tickMs: config.routingTickMs } : {}),
    ...(config.routingRotationMinMs !== undefined ? { rotationMinMs: config.routingRotationMinMs } : {}),
    ...(config.routingMemberCheckMs !== undefined ? { memberCheckMs: config.routingMemberCheckMs } : {}),
  })
  const scheduler = new Scheduler(
    store,
    [...corps.keys()],
    now,
    config.schedulerTickMs ?? 15_000,
    () => runner.wake(),
    problems,
    log,
  )
  const commit = new GroupCommit(
    store,
    WELCOME_WINDOW_MS,
    () => runner.wake(),
    () => router.wake(),
  )
  const uptime = new Uptime(store.uptime, now, config.heartbeatMs ?? 60_000, (error) =>
    log('heartbeat failed', { error: String(error) }),
  )
  const skew = new ClockSkew()
  const api = new DesktopApi(
    [...corps.values()],
    store,
    client,
    now,
    () => {
      void scheduler.tick()
      router.wake()
    },
    (since) => uptime.gaps(since),
    (corpId) => skew.of(corpId),
    (corpId) => problems.list(corpId),
    {
      putProfiles: async (corpId, members) => {
        await router.routing.putProfiles(corpId, members)
        router.wake()
      },
      report: (corpId, after, limit) => router.report(corpId, after, limit),
      reinstate: (corpId, userid) => router.reinstate(corpId, userid),
    },
  )
  // What strangers can trigger is logged at most once per message every 10 s, with a count.
  const refusals = throttledLog(log)
  const limits = connectionLimitsSchema.parse(config.limits ?? {})
  const budget = new RefusalBudget(limits.refusalsPerSecond, limits.refusalBurst, now)
  const callback = callbackHandler({
    corps,
    commit,
    skew,
    now,
    log: refusals,
    send,
    budget,
    address: (req) => requestAddress(req, limits),
    refusalDelayMs: limits.refusalDelayMs,
  })
  let draining = false

  const server = http.createServer(serverTimeouts(limits), (req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (isTooLarge(error)) {
        // Answer at once and drop the connection rather than read the rest of an oversized body.
        res.once('finish', () => req.socket.destroy())
        return send(res, 413, { error: 'too_large', message: '请求体过大' }, { connection: 'close' })
      }
      log('request failed', { path: req.url?.split('?')[0]?.slice(0, 200), error: String(error) })
      send(res, 500, { error: 'internal', message: '中转服务内部错误' })
    })
  })
  server.keepAliveTimeout = limits.keepAliveTimeoutMs
  capConnections(server, limits)

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = requestTarget(req.url)
    if (!url || decodePathPart(url.pathname) === null) {
      refusals('malformed request target')
      return send(res, 400, { error: 'malformed', message: 'malformed request target' })
    }
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
        refusals('api refused', { path: url.pathname.slice(0, 200), status: answer.status })
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
  await uptime.start()
  runner.start()
  scheduler.start()
  router.start()
  // Housekeeping: the messages the relay only keeps are dropped after keepMessagesDays, so a busy
  // app's texts cannot fill the disk. A failure is logged and tried again next time.
  const keepMs = (config.keepMessagesDays ?? 30) * 86_400_000
  const prune = async () => {
    try {
      const dropped = await store.pruneMessages(now() - keepMs)
      if (dropped > 0) log('old messages pruned', { dropped })
    } catch (error) {
      log('message pruning failed', { error: String(error) })
    }
  }
  void prune()
  const housekeeping = setInterval(() => void prune(), config.housekeepingMs ?? 3_600_000)
  housekeeping.unref()
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host

  return {
    url: `http://${shownHost}:${port}`,
    port,
    routingIdle: () => router.idle,
    /**
     * Drains within about 5 s whatever WeCom does: new requests get 503, open ones up to 3 s; running
     * jobs up to 5 s, after which a call still hanging is left leased for the next start.
     */
    async stop() {
      draining = true
      scheduler.stop()
      clearInterval(housekeeping)
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
        setTimeout(() => server.closeAllConnections(), 3000).unref()
      })
      await Promise.all([closed, runner.stop(5_000), router.stop()])
      await commit.drain()
      await uptime.stop()
      await store.close()
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
