// The request core every endpoint goes through: access_token cache with one shared refresh, retry once
// on a stale token (40014/42001/41001), backoff with jitter on -1/45009/45033 (-1 only for calls safe
// to resend), the client-side rate limiter, and timeouts. Bad secrets (40001) are never retried: WeCom blocks an IP that keeps trying.

import axios, { type AxiosInstance } from 'axios'
import { RETRYABLE_ERRCODES, TOKEN_ERRCODES } from './errcodes'
import { WeComError, WeComNetworkError } from './errors'
import { RateLimiter, sleep } from './rate-limiter'
import type { WeComClientOptions } from './types'

export interface CallSpec {
  method: 'GET' | 'POST'
  path: string
  query?: Record<string, string | number>
  body?: unknown
  /** Safe to resend after a network failure (reads; not add_contact_way or send_welcome_msg). */
  idempotent?: boolean
  /** gettoken itself carries no access_token. */
  noToken?: boolean
}

export interface WeComAnswer {
  errcode?: number
  errmsg?: string
  [key: string]: unknown
}

/** Refresh this long before WeCom's expiry so a call never carries a token that lapses in flight. */
const TOKEN_MARGIN_MS = 5 * 60_000

export class WeComTransport {
  private readonly http: AxiosInstance
  private readonly limiter: RateLimiter
  private readonly maxRetries: number
  private readonly backoffBaseMs: number
  private token: { value: string; expiresAt: number } | null = null
  private refreshing: Promise<string> | null = null

  constructor(private readonly options: WeComClientOptions) {
    this.http = axios.create({
      // Node's http adapter always (axios would pick XHR wherever a DOM global exists, e.g. jsdom).
      adapter: 'http',
      baseURL: options.apiBase.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 10_000,
      validateStatus: () => true,
      // WeCom answers JSON; never let axios turn an error page into an exception mid-parse.
      transitional: { silentJSONParsing: true },
    })
    this.limiter = new RateLimiter(options.callsPerMinute ?? 5000, options.maxConcurrency ?? 8)
    this.maxRetries = options.maxRetries ?? 3
    this.backoffBaseMs = options.backoffBaseMs ?? 500
  }

  async getToken(force = false): Promise<string> {
    if (!force && this.token && this.token.expiresAt > Date.now()) return this.token.value
    if (!this.refreshing) {
      this.refreshing = this.fetchToken().finally(() => {
        this.refreshing = null
      })
    }
    return this.refreshing
  }

  private async fetchToken(): Promise<string> {
    const answer = await this.call({
      method: 'GET',
      path: '/cgi-bin/gettoken',
      query: { corpid: this.options.corpId, corpsecret: this.options.secret },
      idempotent: true,
      noToken: true,
    })
    const value = answer.access_token
    const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : 7200
    if (typeof value !== 'string' || !value) throw new WeComError(-2, 'no access_token', '/cgi-bin/gettoken')
    this.token = { value, expiresAt: Date.now() + Math.max(60_000, expiresIn * 1000 - TOKEN_MARGIN_MS) }
    return value
  }

  async call(spec: CallSpec): Promise<WeComAnswer> {
    let tokenRetried = false
    for (let attempt = 0; ; attempt++) {
      const query: Record<string, string | number> = { ...spec.query }
      if (!spec.noToken) query.access_token = await this.getToken()
      await this.limiter.acquire(spec.path)
      let answer: WeComAnswer
      try {
        answer = await this.send(spec, query)
      } catch (error) {
        if (spec.idempotent && attempt < Math.min(2, this.maxRetries)) {
          await sleep(this.backoff(attempt))
          continue
        }
        throw error
      } finally {
        this.limiter.release()
      }
      const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0
      if (errcode === 0) return answer
      const errmsg = typeof answer.errmsg === 'string' ? answer.errmsg : ''
      if (!spec.noToken && TOKEN_ERRCODES.has(errcode) && !tokenRetried) {
        tokenRetried = true
        this.token = null
        await this.getToken(true)
        attempt -= 1
        continue
      }
      // -1 on a call that creates something may mean it was created: only the caller can tell (by
      // looking it up), so it is not resent here. 45009/45033 are refusals before anything happened.
      const mayHaveHappened = errcode === -1 && !spec.idempotent
      if (RETRYABLE_ERRCODES.has(errcode) && attempt < this.maxRetries && !mayHaveHappened) {
        if (errcode === 45033) this.limiter.backOffConcurrency()
        await sleep(this.backoff(attempt))
        continue
      }
      throw new WeComError(errcode, errmsg, spec.path)
    }
  }

  private async send(spec: CallSpec, params: Record<string, string | number>): Promise<WeComAnswer> {
    let response
    try {
      response = await this.http.request({
        method: spec.method,
        url: spec.path,
        params,
        data: spec.body,
      })
    } catch (error) {
      this.options.onReachability?.(false)
      throw new WeComNetworkError(spec.path, error instanceof Error ? error.message : String(error))
    }
    // A gateway error page means the path to WeCom is broken, not that WeCom refused.
    this.options.onReachability?.(response.status < 500)
    if (response.status !== 200) throw new WeComNetworkError(spec.path, `HTTP ${response.status}`)
    const data: unknown = response.data
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new WeComError(-2, '企业微信返回了无法识别的数据', spec.path)
    }
    return data as WeComAnswer
  }

  private backoff(attempt: number): number {
    const base = this.backoffBaseMs * 2 ** attempt
    return base / 2 + Math.random() * base
  }
}
