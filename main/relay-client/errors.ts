// Typed failures of the relay's desktop API, each with the Chinese message a manager reads and what to
// do next. They extend AppError so the bridge dispatcher passes them through as data unchanged.

import { AppError } from '../../common/bridge-result'

export type RelayErrorKind =
  | 'unreachable'
  | 'unauthorized'
  | 'unknown_corp'
  | 'rate_limited'
  | 'server'
  | 'bad_request'
  | 'bad_response'
  /** 409: the registry record moved since the edit started (`body` holds the record as it stands). */
  | 'conflict'

export class RelayError extends AppError {
  override readonly name = 'RelayError'

  constructor(
    readonly kind: RelayErrorKind,
    message: string,
    /** HTTP status when the relay answered at all. */
    readonly status: number | null = null,
    /** For 429: how long the relay asked us to wait. */
    readonly retryAfterMs: number | null = null,
    /** The relay's answer as it came (read by whoever knows the route's refusal schema). */
    readonly body: unknown = null,
  ) {
    // Unreachable is an offline condition, not a relay fault: the UI shows it as such.
    super(kind === 'unreachable' ? 'OFFLINE' : 'RELAY', message)
  }
}

export function isRelayError(error: unknown): error is RelayError {
  return error instanceof RelayError
}

export function unreachable(baseUrl: string, detail: string): RelayError {
  return new RelayError(
    'unreachable',
    `无法连接中转服务（${baseUrl}）：${detail}。请检查网络和中转服务地址，或请 IT 确认中转服务正在运行。`,
  )
}

/** The relay answered 2xx with something that is not the route's shape (another version, a proxy page). */
export function badResponse(baseUrl: string, route: string): RelayError {
  return new RelayError(
    'bad_response',
    `中转服务（${baseUrl}）对 ${route} 的应答无法识别：请确认中转服务与本应用的版本一致，或地址没有指向其他网站。`,
  )
}

/** Maps an HTTP answer that is not 2xx to a typed error; `relayMessage` is the relay's own Chinese text. */
export function fromStatus(
  status: number,
  relayMessage: string | null,
  retryAfterMs: number | null,
  body: unknown = null,
): RelayError {
  const said = relayMessage ? `（${relayMessage}）` : ''
  if (status === 401 || status === 403) {
    return new RelayError(
      'unauthorized',
      `中转服务拒绝了密钥${said}：请在 设置 中核对中转服务密钥是否与中转服务配置中的 apiKey 一致。`,
      status,
    )
  }
  if (status === 404) {
    return new RelayError(
      'unknown_corp',
      `中转服务没有配置这个企业${said}：请让 IT 在中转服务配置的 corps 中加入本企业ID 后重启中转服务。`,
      status,
    )
  }
  if (status === 409)
    return new RelayError('conflict', relayMessage ?? '中转服务上的记录已被修改', status, null, body)
  if (status === 429) {
    const wait = retryAfterMs === null ? '稍后' : `${Math.ceil(retryAfterMs / 1000)} 秒后`
    return new RelayError('rate_limited', `中转服务请求过于频繁，请${wait}重试。`, status, retryAfterMs)
  }
  if (status >= 500) {
    return new RelayError(
      'server',
      `中转服务出错（HTTP ${status}）${said}：请稍后重试；若持续出现请联系 IT 查看中转服务日志。`,
      status,
    )
  }
  return new RelayError('bad_request', `中转服务拒绝了请求（HTTP ${status}）${said}。`, status)
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(header)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}
