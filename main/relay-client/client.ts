// createRelayClient: the axios client for the relay's desktop API, a loop over the route table in
// common/relay-api.ts. Every answer is validated against its route's output schema (a relay of
// another version or a proxy's error page becomes a clear error, not an undefined deep in a
// service), and every failure is a RelayError with a Chinese message.

import axios, { type AxiosInstance } from 'axios'
import {
  relayApi,
  relayPath,
  relayRouteNames,
  RELAY_API_PREFIX,
  type RelayRouteName,
} from '../../common/relay-api'
import { badResponse, fromStatus, parseRetryAfter, RelayError, unreachable } from './errors'
import type { RelayCalls, RelayClient, RelayClientOptions } from './types'

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

  const call = async (name: RelayRouteName, input: Record<string, unknown>) => {
    try {
      const answer = await send(http, baseUrl, name, input)
      options.onReachability?.(true)
      return answer
    } catch (error) {
      options.onReachability?.(!(error instanceof RelayError && error.kind === 'unreachable'), error)
      throw error
    }
  }
  const calls = Object.fromEntries(
    relayRouteNames.map((name) => [name, (input: Record<string, unknown>) => call(name, input ?? {})]),
  ) as unknown as RelayCalls
  return { ...calls, baseUrl }
}

async function send(
  http: AxiosInstance,
  baseUrl: string,
  name: RelayRouteName,
  input: Record<string, unknown>,
): Promise<unknown> {
  const route = relayApi[name]
  const url = relayPath(route.path, input)
  const inPath = new Set([...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!))
  const rest = Object.fromEntries(Object.entries(input).filter(([key]) => !inPath.has(key)))
  let response
  try {
    response = await http.request<unknown>({
      method: route.method,
      url,
      ...(route.method === 'PUT' ? { data: input } : { params: rest }),
    })
  } catch (error) {
    throw unreachable(baseUrl, networkDetail(error))
  }
  if (response.status < 200 || response.status >= 300) {
    throw fromStatus(
      response.status,
      relayMessage(response.data),
      parseRetryAfter(response.headers['retry-after']),
      response.data,
    )
  }
  const parsed = route.output.safeParse(response.data)
  if (!parsed.success) throw badResponse(baseUrl, name)
  return parsed.data
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
