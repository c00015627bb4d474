// createRelayClient: the axios client for the relay's desktop API. Every failure becomes a RelayError
// (unreachable, key refused, unknown corp, rate limited, server error) with a Chinese message.

import axios, { type AxiosInstance, type Method } from 'axios'
import {
  RELAY_API_PREFIX,
  type ActionsPage,
  type CallbackConfig,
  type CodePolicy,
  type EventsPage,
  type RelayGaps,
  type RelayHealth,
  type RelaySettings,
} from '../../common/relay-api'
import { fromStatus, parseRetryAfter, RelayError, unreachable } from './errors'
import type { RelayClient, RelayClientOptions } from './types'

const DEFAULT_TIMEOUT_MS = 10_000

export function createRelayClient(options: RelayClientOptions): RelayClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const http = axios.create({
    adapter: 'http',
    baseURL: baseUrl + RELAY_API_PREFIX,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers: { Authorization: `Bearer ${options.apiKey}` },
    // We judge statuses ourselves so every non-2xx becomes a typed error with the relay's message.
    validateStatus: () => true,
    // Policies carry welcome images as base64 (≤ 2 MB decoded); leave room for the JSON around them.
    maxBodyLength: 8 * 1024 * 1024,
    maxContentLength: 32 * 1024 * 1024,
    proxy: false,
  })
  const request = async <T>(
    method: Method,
    path: string,
    body?: unknown,
    params?: Record<string, number>,
  ) => {
    try {
      const answer = await send<T>(http, baseUrl, method, path, body, params)
      options.onReachability?.(true)
      return answer
    } catch (error) {
      options.onReachability?.(!(error instanceof RelayError && error.kind === 'unreachable'), error)
      throw error
    }
  }

  return {
    baseUrl,
    health: () => request<RelayHealth>('GET', '/health'),
    putSettings: async (settings: RelaySettings) => {
      await request('PUT', '/settings', settings)
    },
    putPolicy: async (policy: CodePolicy) => {
      await request('PUT', `/policies/${encodeURIComponent(policy.state)}`, policy)
    },
    deletePolicy: async (state: string) => {
      await request('DELETE', `/policies/${encodeURIComponent(state)}`)
    },
    events: (after: number, limit = 500) =>
      request<EventsPage>('GET', '/events', undefined, { after, limit }),
    actions: (after: number, limit = 500) =>
      request<ActionsPage>('GET', '/actions', undefined, { after, limit }),
    callbackConfig: () => request<CallbackConfig>('GET', '/callback-config'),
    gaps: (since: number) => request<RelayGaps>('GET', '/gaps', undefined, { since }),
  }
}

async function send<T>(
  http: AxiosInstance,
  baseUrl: string,
  method: Method,
  path: string,
  body: unknown,
  params: Record<string, number> | undefined,
): Promise<T> {
  let response
  try {
    response = await http.request<unknown>({ method, url: path, data: body, params })
  } catch (error) {
    throw unreachable(baseUrl, networkDetail(error))
  }
  if (response.status >= 200 && response.status < 300) return response.data as T
  throw fromStatus(
    response.status,
    relayMessage(response.data),
    parseRetryAfter(response.headers['retry-after']),
  )
}

function relayMessage(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null
  const message = (data as { message?: unknown }).message
  return typeof message === 'string' && message.trim() !== '' ? message.slice(0, 200) : null
}

function networkDetail(error: unknown): string {
  if (axios.isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return '请求超时'
    if (error.code === 'ECONNREFUSED') return '连接被拒绝'
    if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return '找不到该地址'
    if (error.code === 'ERR_INVALID_URL') return '地址格式不正确'
    if (error.code) return `网络错误 ${error.code}`
  }
  return '网络错误'
}

export { RelayError }
