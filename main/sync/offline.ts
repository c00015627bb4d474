// Which failures mean "we are offline" (as opposed to WeCom or the relay refusing), and the message
// the manager reads then: that the app is offline and how old the data on screen is.

import { isRelayError } from '../relay-client/errors'
import { formatZonedDateTime } from '../../common/zoned-time'

export function isOfflineError(error: unknown): boolean {
  if (isRelayError(error)) return error.kind === 'unreachable'
  return (
    typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'WeComNetworkError'
  )
}

export function whereOffline(error: unknown): string {
  return isRelayError(error) ? '中转服务' : '企业微信'
}

export function formatAt(at: number, timeZone: string): string {
  return formatZonedDateTime(at, timeZone, false)
}

export function offlineMessage(error: unknown, lastSuccessAt: number | null, timeZone: string): string {
  const since =
    lastSuccessAt === null
      ? '还没有成功同步过，连上网络后请点击 刷新。'
      : `上次成功同步于 ${formatAt(lastSuccessAt, timeZone)}，列表和统计显示的是那时的数据。`
  return `当前离线：无法连接${whereOffline(error)}。${since}`
}

export function failureMessage(error: unknown): string {
  if (error instanceof Error && error.message) return `同步失败：${error.message}`
  return '同步失败：发生了意外错误，请重试。'
}
