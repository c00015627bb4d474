// The desktops' side of the relay: a loop over the route table in common/relay-api.ts (each input
// validated with its route's schema before a handler sees it). A bearer key names the corp, and every
// query is scoped to that corp, so one corp's key can never read or write another's data.

import { createHash, timingSafeEqual } from 'node:crypto'
import {
  CALLBACK_PATH_PREFIX,
  matchRelayPath,
  relayApi,
  RELAY_API_PREFIX,
  relayRouteNames,
  type RelayGaps,
  type RelayHealth,
  type RelayOutput,
  type RelayParsedInput,
  type RelayRouteName,
} from '../common/relay-api'
import type { WeComClient } from '../wecom/types'
import { DEFAULT_TIME_ZONE } from '../common/limits'
import { isTimeZone } from '../common/zoned-time'
import { skipVerifyAt } from '../wecom/way'
import type { CorpConfig } from './config'
import type { Awaitable, KeyHolder, KeyStorage, RegistryStorage, RelayStorage } from './storage'
import { ADMIN_KEY_ID } from './registry/keys'
import { ApiRefusal, registryRoutes } from './registry/routes'
import type { MemberRouting, RoutingReport } from '../common/routing'

/** Smart routing as the desktop API reaches it (relay/routing/router.ts). */
export interface RoutingApi {
  putProfiles(corpId: string, members: MemberRouting[]): Awaitable<void>
  report(corpId: string, after: number, limit: number): Awaitable<RoutingReport>
  reinstate(corpId: string, userid: string): Awaitable<void>
}

export interface ApiResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export const RELAY_VERSION = '0.1.0'
const OK = { ok: true as const }

type RouteHandlers = {
  [N in RelayRouteName]: (
    corpId: string,
    input: RelayParsedInput<N>,
    caller: KeyHolder,
  ) => Promise<RelayOutput<N>>
}
const RATE_PER_MINUTE = 600

export class DesktopApi {
  private readonly keys: { corpId: string; hash: Buffer }[]
  private readonly callback: Map<string, { token: string; encodingAesKey: string }>
  private readonly windows = new Map<string, { start: number; count: number }>()
  private readonly healthCache = new Map<string, { at: number; ok: boolean; message: string }>()
  /** The corp's shared code registry and the keys issued to its desktops (relay/registry). */
  readonly registry: RegistryStorage
  readonly desktopKeys: KeyStorage
  private readonly registryApi: ReturnType<typeof registryRoutes>

  constructor(
    corps: CorpConfig[],
    private readonly store: RelayStorage,
    private readonly client: (corpId: string) => WeComClient,
    private readonly now: () => number,
    private readonly onPolicyChange: () => void,
    private readonly gaps: (since: number) => Awaitable<RelayGaps>,
    private readonly clockSkew: (corpId: string) => number | null,
    private readonly problems: (corpId: string) => string[] = () => [],
    private readonly routing: RoutingApi | null = null,
  ) {
    // Keys are kept only as SHA-256 hashes from the moment the config is read.
    this.keys = corps.map((c) => ({ corpId: c.corpId, hash: sha256(c.apiKey) }))
    this.registry = store.registry
    this.desktopKeys = store.keys
    this.registryApi = registryRoutes(this.registry, this.desktopKeys, now)
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

  /** Who is calling: the corp admin (the config's key) or the desktop an issued, unrevoked key belongs to. */
  async callerOf(authorization: string | undefined): Promise<KeyHolder | null> {
    const corpId = this.corpOf(authorization)
    if (corpId) return { corpId, keyId: ADMIN_KEY_ID, who: '管理员' }
    const key = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]
    return key ? this.desktopKeys.holder(key) : null
  }

  async handle(
    method: string,
    url: URL,
    authorization: string | undefined,
    body: () => Promise<unknown>,
  ): Promise<ApiResponse> {
    const caller = await this.callerOf(authorization)
    const corpId = caller?.corpId
    if (!caller || !corpId)
      return error(401, 'unauthorized', '中转服务拒绝了密钥：请核对 设置 中的中转服务密钥')
    const limited = this.rateLimit(corpId)
    if (limited) return limited
    const pathname = url.pathname.slice(RELAY_API_PREFIX.length)
    for (const name of relayRouteNames) {
      const route = relayApi[name]
      if (route.method !== method) continue
      const params = matchRelayPath(route.path, pathname)
      if (!params) continue
      let raw: unknown
      if (method === 'PUT') {
        raw = await body()
        // A path parameter must agree with the body it names (PUT /policies/A with policy B's state).
        const fields = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
        for (const [key, value] of Object.entries(params))
          if (fields[key] !== value) return error(400, 'bad_request', `${key} 与地址不一致`)
      } else {
        raw = { ...Object.fromEntries(url.searchParams), ...params }
      }
      const parsed = route.input.safeParse(raw)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return error(400, 'bad_request', `请求无效：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`)
      }
      const run = this.routes[name] as (corpId: string, input: unknown, caller: KeyHolder) => Promise<unknown>
      try {
        return { status: 200, body: await run(corpId, parsed.data, caller) }
      } catch (refusal) {
        if (refusal instanceof ApiRefusal) return { status: refusal.status, body: refusal.body }
        throw refusal
      }
    }
    return error(404, 'not_found', '没有这个接口')
  }

  /** One handler per route of the table, given the caller's corp and the validated input. */
  private readonly routes: RouteHandlers = {
    health: (corpId) => this.health(corpId),
    putSettings: async (corpId, settings) => {
      await this.store.putSettings(corpId, settings)
      this.onPolicyChange()
      return OK
    },
    putPolicy: async (corpId, policy) => {
      // A zone stored before zones were checked at the door must not make this push fail.
      const stored = (await this.store.settings(corpId))?.timeZone
      const timeZone = stored && isTimeZone(stored) ? stored : DEFAULT_TIME_ZONE
      const at = this.now()
      // An older version than the relay holds is acknowledged and dropped: the newer one stands.
      if (await this.store.putPolicy(corpId, policy, at, skipVerifyAt(policy.autoAccept, at, timeZone)))
        this.onPolicyChange()
      return OK
    },
    deletePolicy: async (corpId, { state }) => {
      await this.store.deletePolicy(corpId, state)
      return OK
    },
    events: async (corpId, { after, limit }) => {
      const events = await this.store.events(corpId, after, limit + 1)
      const page = events.slice(0, limit)
      return { events: page, nextCursor: page.at(-1)?.seq ?? after, hasMore: events.length > limit }
    },
    actions: async (corpId, { after, limit, kinds }) => {
      const actions = await this.store.actions(corpId, after, limit + 1, kinds === 'all')
      const page = actions.slice(0, limit)
      return { actions: page, nextCursor: page.at(-1)?.id ?? after, hasMore: actions.length > limit }
    },
    callbackConfig: async (corpId) => ({
      corpId,
      callbackUrlPath: `${CALLBACK_PATH_PREFIX}${corpId}`,
      ...this.callback.get(corpId)!,
    }),
    gaps: async (_corpId, { since }) => this.gaps(since),
    // Built in the constructor (they need the store), so reached through it at call time.
    registry: (corpId, input, caller) => this.registryApi.registry(corpId, input, caller),
    pushRegistry: (corpId, input, caller) => this.registryApi.pushRegistry(corpId, input, caller),
    me: (corpId, input, caller) => this.registryApi.me(corpId, input, caller),
    keys: (corpId, input, caller) => this.registryApi.keys(corpId, input, caller),
    issueKey: (corpId, input, caller) => this.registryApi.issueKey(corpId, input, caller),
    revokeKey: (corpId, input, caller) => this.registryApi.revokeKey(corpId, input, caller),
    putMemberRouting: async (corpId, { members }) => {
      await this.routingOrFail().putProfiles(corpId, members)
      return OK
    },
    routing: async (corpId, { after, limit }) => await this.routingOrFail().report(corpId, after, limit),
    reinstateMember: async (corpId, { userid }) => {
      await this.routingOrFail().reinstate(corpId, userid)
      return OK
    },
  }

  private routingOrFail(): RoutingApi {
    if (!this.routing) throw new Error('smart routing is not running in this relay')
    return this.routing
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
      lastEventAt: await this.store.lastEventAt(corpId),
      policies: (await this.store.policies(corpId)).length,
      clockSkewSeconds: this.clockSkew(corpId),
      serverTime: this.now(),
      problems: this.problems(corpId),
    }
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function error(status: number, code: string, message: string): ApiResponse {
  return { status, body: { error: code, message } }
}
