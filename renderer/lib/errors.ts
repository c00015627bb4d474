// Turns anything thrown into words for a manager: a BridgeError's own Chinese message, never a stack.

import { BridgeError } from '../../common/bridge-result'

export function errorMessage(err: unknown): string {
  if (err instanceof BridgeError) return err.message
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const message = (err as { message: unknown }).message
    if (typeof message === 'string' && message) return message
  }
  return '操作没有完成，请稍后重试；如果反复出现，请重启活码助手'
}

export function isOffline(err: unknown): boolean {
  return err instanceof BridgeError && err.code === 'OFFLINE'
}
