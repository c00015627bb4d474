// Errors cross the bridge as data: {ok: true, value} or {ok: false, code, message, fields}. The message
// is always Chinese and says what to do next; `fields` maps form paths to their messages.

export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNKNOWN_CALL'
  | 'UNAUTHORIZED'
  | 'WECOM'
  | 'RELAY'
  | 'OFFLINE'
  | 'NOT_CONFIGURED'
  /** The call would have a consequence the manager must agree to first (e.g. a new QR): ask, then resend. */
  | 'CONFIRM_REQUIRED'
  | 'NOT_SANDBOX'
  | 'SECRET_STORAGE'
  | 'INTERNAL'

export interface BridgeFailure {
  ok: false
  code: ErrorCode
  message: string
  /** WeCom errcode when code is 'WECOM'. */
  errcode?: number
  fields?: Record<string, string>
}

export type BridgeResult<T> = { ok: true; value: T } | BridgeFailure

/** Thrown by services for expected failures; the dispatcher turns it into a BridgeFailure. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly errcode?: number,
  ) {
    super(message)
    this.name = 'AppError'
  }

  toFailure(): BridgeFailure {
    return {
      ok: false,
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.errcode !== undefined ? { errcode: this.errcode } : {}),
    }
  }
}

/** What the renderer's client throws when a call fails. */
export class BridgeError extends Error {
  readonly code: ErrorCode
  readonly fields: Record<string, string>
  readonly errcode: number | undefined

  constructor(failure: BridgeFailure) {
    super(failure.message)
    this.name = 'BridgeError'
    this.code = failure.code
    this.fields = failure.fields ?? {}
    this.errcode = failure.errcode
  }
}

interface IssueLike {
  path: PropertyKey[]
  message: string
}

/** Turns zod issues into one readable message plus a per-field map (first message per field wins). */
export function validationFailure(issues: readonly IssueLike[]): BridgeFailure {
  const fields: Record<string, string> = {}
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_'
    fields[key] ??= issue.message
  }
  const first = issues[0]?.message ?? '输入无效'
  return { ok: false, code: 'VALIDATION', message: first, fields }
}
