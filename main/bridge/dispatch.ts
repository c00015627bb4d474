// The one main-side dispatcher: look the call up (own keys only), validate its input with the
// contract's schema, run the handler, and turn every outcome into a BridgeResult. IPC and the HTTP
// host both go through here, so validation and error shaping cannot drift between transports.

import { AppError, validationFailure, type BridgeResult } from '../../common/bridge-result'
import { contract, isCallName, type CallName, type Handlers } from '../../common/contract'

export type Logger = (message: string, detail?: unknown) => void

export async function dispatch(
  handlers: Handlers,
  name: string,
  rawInput: unknown,
  log: Logger = () => {},
): Promise<BridgeResult<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, code: 'UNKNOWN_CALL', message: `未知的调用：${String(name).slice(0, 60)}` }
  }
  const parsed = contract[name].input.safeParse(rawInput ?? {})
  if (!parsed.success) return validationFailure(parsed.error.issues)
  return runValidated(handlers, name, parsed.data, log)
}

/**
 * Runs a handler on input the dispatcher has already validated and shapes the outcome. The core's
 * worker thread calls this directly: validation happened once, where the call came in (IPC, HTTP).
 */
export async function runValidated(
  handlers: Handlers,
  name: CallName,
  input: unknown,
  log: Logger = () => {},
): Promise<BridgeResult<unknown>> {
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(input) }
  } catch (error) {
    if (error instanceof AppError) return error.toFailure()
    const fromService = asUserFacing(error)
    if (fromService) return fromService
    log(`call ${name} failed`, error)
    return {
      ok: false,
      code: 'INTERNAL',
      message: '操作失败，发生了意外错误。请重试；若仍失败请联系管理员并附上日志。',
    }
  }
}

/** Errors that already carry a Chinese message and an errcode (WeCom client errors) pass through as data. */
function asUserFacing(error: unknown): BridgeResult<never> | null {
  if (typeof error !== 'object' || error === null) return null
  const e = error as { name?: unknown; errcode?: unknown; message?: unknown }
  if (e.name === 'WeComError' && typeof e.errcode === 'number' && typeof e.message === 'string') {
    return { ok: false, code: 'WECOM', message: e.message, errcode: e.errcode }
  }
  if (e.name === 'WeComNetworkError' && typeof e.message === 'string') {
    return { ok: false, code: 'OFFLINE', message: e.message }
  }
  return null
}

export type { CallName }
