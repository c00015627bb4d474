// The renderer's only door to the rest of the app: one async function per contract call. In Electron the
// preload's window.api answers each call with a BridgeResult; in a browser the same calls go over the
// loopback HTTP host. Either way a failure rejects with a BridgeError carrying a Chinese message.

import { BridgeError, type BridgeFailure, type BridgeResult } from '../common/bridge-result'
import {
  callNames,
  isEventName,
  type Api,
  type CallName,
  type EventName,
  type RawApi,
  type RawEvents,
  type Subscribe,
} from '../common/contract'
import { createEventStream } from './lib/event-stream'

declare global {
  interface Window {
    api?: RawApi
    apiEvents?: RawEvents
  }
}

const TOKEN_KEY = 'bridge-token'

type AnyCall = (input: unknown) => Promise<unknown>

function isFailure(value: unknown): value is BridgeFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    typeof (value as { message?: unknown }).message === 'string'
  )
}

function isSuccess(value: unknown): value is { ok: true; value: unknown } {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true
}

/** Returns the value of a BridgeResult, or throws the BridgeError it describes. */
export function unwrap<T>(result: BridgeResult<T> | unknown): T {
  if (isSuccess(result)) return result.value as T
  if (isFailure(result)) throw new BridgeError(result)
  throw new BridgeError({
    ok: false,
    code: 'INTERNAL',
    message: '应用返回了无法识别的结果，请重试或重启应用',
  })
}

function buildApi(invoke: (name: CallName, input: unknown) => Promise<unknown>, subscribe: Subscribe): Api {
  const table: Record<string, unknown> = { subscribe }
  for (const name of callNames) table[name] = ((input) => invoke(name, input ?? {})) satisfies AnyCall
  return table as Api
}

const noEvents: Subscribe = () => () => {}

/** The client over Electron's preload bridge. */
export function createIpcApi(raw: RawApi, events?: RawEvents): Api {
  const subscribe: Subscribe = events
    ? (name, listener) => events.subscribe(name, (payload) => listener(payload as never))
    : noEvents
  return buildApi(async (name, input) => {
    const fn = raw[name] as unknown as AnyCall
    let result: unknown
    try {
      result = await fn(input)
    } catch {
      throw new BridgeError({
        ok: false,
        code: 'INTERNAL',
        message: '与应用后台通信失败，请重启活码助手后再试',
      })
    }
    return unwrap(result)
  }, subscribe)
}

export interface HttpApiOptions {
  token: string | null
  baseUrl?: string
  fetch?: typeof fetch
}

/** The client over the loopback HTTP host (`npm run web`, browser tests). */
export function createHttpApi(options: HttpApiOptions): Api {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const base = options.baseUrl ?? ''
  const stream = createEventStream({
    url: `${base}/api/events`,
    token: options.token,
    fetch: doFetch,
    accept: (name): name is EventName => isEventName(name),
  })
  return buildApi(async (name, input) => {
    let response: Response
    try {
      response = await doFetch(`${base}/api/${name}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify(input),
      })
    } catch {
      throw new BridgeError({
        ok: false,
        code: 'OFFLINE',
        message: '无法连接到活码助手的本机服务，请确认程序仍在运行后重试',
      })
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      throw new BridgeError({
        ok: false,
        code: 'INTERNAL',
        message: `本机服务返回了无效的数据（HTTP ${response.status}），请重试`,
      })
    }
    return unwrap(body)
  }, stream.subscribe)
}

interface TokenEnv {
  location: Pick<Location, 'href'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
  history: Pick<History, 'replaceState' | 'state'>
}

/**
 * Reads the per-launch token from `?token=`, keeps it for reloads in sessionStorage and removes it from
 * the address bar so it is not left in history or screenshots.
 */
export function takeToken(env: TokenEnv): string | null {
  const url = new URL(env.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    env.storage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return env.storage.getItem(TOKEN_KEY)
}

/** Picks the transport for this window. */
export function createApi(win: Window = window): Api {
  if (win.api) return createIpcApi(win.api, win.apiEvents)
  const token = takeToken({ location: win.location, storage: win.sessionStorage, history: win.history })
  return createHttpApi({ token })
}
