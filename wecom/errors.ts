// Typed failures of the WeCom API: WeComError carries the errcode and the Chinese message a manager
// reads; WeComNetworkError means WeCom could not be reached at all (offline, timeout, bad gateway).
// The bridge dispatcher recognises both by `name`.

import { wecomErrorMessage } from './errcodes'

export class WeComError extends Error {
  override readonly name = 'WeComError'

  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(wecomErrorMessage(errcode, errmsg))
  }
}

export class WeComNetworkError extends Error {
  override readonly name = 'WeComNetworkError'

  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super('无法连接企业微信服务器，请检查网络后重试')
  }
}

export function isWeComError(error: unknown, ...codes: number[]): error is WeComError {
  return error instanceof WeComError && (codes.length === 0 || codes.includes(error.errcode))
}
