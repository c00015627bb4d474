// The desktops' side of the relay (common/relay-api.ts): a bearer key names the corp, and every
// query is scoped to that corp, so one corp's key can never read or write another's data.

import { createHash, timingSafeEqual } from 'node:crypto'
import {
  codePolicySchema,
  relaySettingsSchema,
  RELAY_API_PREFIX,
  CALLBACK_PATH_PREFIX,
  type CallbackConfig,
  type RelayGaps,
  type RelayHealth,
} from '../common/relay-api'
import type { WeComClient } from '../wecom/types'
import { DEFAULT_TIME_ZONE } from '../common/limits'
import { skipVerifyAt } from '../wecom/way'
import type { CorpConfig } from './config'
import type { RelayStore } from './store'

export interface ApiResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export const RELAY_VERSION = '0.1.0'
const RATE_PER_MINUTE = 600

export class DesktopApi {
  private readonly keys: { corpId: string; hash: Buffer }[]
  private readonly callback: Map<string, { token: string; encodingAesKey: string }>
  private readonly windows = new Map<string, { start: number; count: number }>()
  private readonly healthCache = new Map<string, { at: number; ok: boolean; message: string }>()

  constructor(
    corps: CorpConfig[],
    private readonly store: RelayStore,
    private readonly client: (corpId: string) => WeComClient,
    private readonly now: () => number,
    private readonly onPolicyChange: () => void,
    private readonly gaps: (since: number) => RelayGaps,
  ) {
    // Keys are kept only as SHA-256 hashes from the moment the config is read.
    this.keys = corps.map((c) => ({ corpId: c.corpId, hash: sha256(c.apiKey) }))
    this.callback = new Map(
      corps.map((c) => [c.corpId, { token: c.token, encodingAesKey: c.encodingAesKey }]),
    )
  }

  /** The corp a bearer key belongs to; every key is compared, in constant time, to avoid a timing oracle. */
  corpOf(authorization: string | undefined): string | null {
    const key = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]
    if (!key) return null
    const given = sha256(key)
    let found: string | null = null
    for (const k of this.keys) if (timingSafeEqual(k.hash, given)) found = k.corpId
    return found
  }

  async handle(
    method: string,
    url: URL,
    authorization: string | undefined,
    body: () => Promise<unknown>,
  ): Promise<ApiResponse> {
    const corpId = this.corpOf(authorization)
    if (!corpId) return error(401, 'unauthorized', '中转服务拒绝了密钥：请核对 设置 中的中转服务密钥')
    const limited = this.rateLimit(corpId)
    if (limited) return limited
    const route = url.pathname.slice(RELAY_API_PREFIX.length)
    const policyMatch = /^\/policies\/([^/]+)$/.exec(route)

    if (method === 'GET' && route === '/health') return { status: 200, body: await this.health(corpId) }
    if (method === 'GET' && route === '/callback-config') {
      const own = this.callback.get(corpId)!
      const body: CallbackConfig = { corpId, callbackUrlPath: `${CALLBACK_PATH_PREFIX}${corpId}`, ...own }
      return { status: 200, body }
    }
    if (method === 'GET' && route === '/gaps') {
      const since = Math.max(0, Number(url.searchParams.get('since') ?? 0) || 0)
      return { status: 200, body: this.gaps(since) }
    }
    if (method === 'GET' && route === '/events') {
      const { after, limit } = cursor(url, 500)
      const events = this.store.events(corpId, after, limit + 1)
      const page = events.slice(0, limit)
      return {
        status: 200,
        body: { events: page, nextCursor: page.at(-1)?.seq ?? after, hasMore: events.length > limit },
      }
    }
    if (method === 'GET' && route === '/actions') {
      const { after, limit } = cursor(url, 500)
      const actions = this.store.actions(corpId, after, limit + 1)
      const page = actions.slice(0, limit)
      return {
        status: 200,
        body: { actions: page, nextCursor: page.at(-1)?.id ?? after, hasMore: actions.length > limit },
      }
    }
    if (method === 'PUT' && route === '/settings') {
      const parsed = relaySettingsSchema.safeParse(await body())
      if (!parsed.success)
        return error(400, 'bad_request', `设置无效：${parsed.error.issues[0]?.message ?? ''}`)
      this.store.putSettings(corpId, parsed.data)
      this.onPolicyChange()
      return { status: 200, body: { ok: true } }
    }
    if (policyMatch && method === 'PUT') {
      const parsed = codePolicySchema.safeParse(await body())
      if (!parsed.success)
        return error(400, 'bad_request', `活码配置无效：${parsed.error.issues[0]?.message ?? ''}`)
      if (parsed.data.state !== decodeURIComponent(policyMatch[1]!))
        return error(400, 'bad_request', '活码 state 与地址不一致')
      const timeZone = this.store.settings(corpId)?.timeZone ?? DEFAULT_TIME_ZONE
      this.store.putPolicy(
        corpId,
        parsed.data,
        this.now(),
        skipVerifyAt(parsed.data.autoAccept, this.now(), timeZone),
      )
      this.onPolicyChange()
      return { status: 200, body: { ok: true } }
    }
    if (policyMatch && method === 'DELETE') {
      this.store.deletePolicy(corpId, decodeURIComponent(policyMatch[1]!))
      return { status: 200, body: { ok: true } }
    }
    return error(404, 'not_found', '没有这个接口')
  }

  private rateLimit(corpId: string): ApiResponse | null {
    const now = this.now()
    const w = this.windows.get(corpId)
    if (!w || now - w.start >= 60_000) {
      this.windows.set(corpId, { start: now, count: 1 })
      return null
    }
    w.count += 1
    if (w.count <= RATE_PER_MINUTE) return null
    const retry = Math.ceil((w.start + 60_000 - now) / 1000)
    return {
      ...error(429, 'rate_limited', '请求过于频繁，请稍后再试'),
      headers: { 'retry-after': String(retry) },
    }
  }

  private async health(corpId: string): Promise<RelayHealth> {
    let cached = this.healthCache.get(corpId)
    if (!cached || this.now() - cached.at > 60_000) {
      try {
        await this.client(corpId).getToken(true)
        cached = { at: this.now(), ok: true, message: '' }
      } catch (e) {
        cached = { at: this.now(), ok: false, message: e instanceof Error ? e.message : String(e) }
      }
      this.healthCache.set(corpId, cached)
    }
    return {
      ok: true,
      corpId,
      version: RELAY_VERSION,
      callbackUrlPath: `${CALLBACK_PATH_PREFIX}${corpId}`,
      wecomOk: cached.ok,
      wecomMessage: cached.message,
      lastEventAt: this.store.lastEventAt(corpId),
      policies: this.store.policies(corpId).length,
    }
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function cursor(url: URL, defaultLimit: number) {
  const after = Math.max(0, Number(url.searchParams.get('after') ?? 0) || 0)
  const limit = Math.min(
    1000,
    Math.max(1, Number(url.searchParams.get('limit') ?? defaultLimit) || defaultLimit),
  )
  return { after, limit }
}

function error(status: number, code: string, message: string): ApiResponse {
  return { status, body: { error: code, message } }
}
