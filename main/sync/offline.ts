// Which failures mean "we are offline" (as opposed to WeCom or the relay refusing), and the words the
// manager reads then: which side could not be reached, how old the data on screen is, and — after a
// partial sync — what was left undone.

import { isRelayError } from '../relay-client/errors'
import { formatZonedDateTime } from '../../common/zoned-time'
import type { SyncOutcome } from '../../common/domain'

export type SyncSide = 'relay' | 'wecom'

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

const SIDE_NAME: Record<SyncSide, string> = { relay: '中转服务', wecom: '企业微信' }

/** What a side that could not be reached leaves undone in an otherwise useful run. */
const LEFT_UNDONE: Record<SyncSide, string> = {
  relay: '新的客户事件和欢迎语、标签的发送记录这次没有拉取，中转服务恢复后下次同步会补上',
  wecom: '成员、标签、二维码缓存和客户核对这次没有完成',
}

function since(lastSuccessAt: number | null, timeZone: string): string {
  return lastSuccessAt === null
    ? '还没有成功同步过，连上网络后请点击 同步。'
    : `上次成功同步于 ${formatAt(lastSuccessAt, timeZone)}，列表和统计显示的是那时的数据。`
}

export function offlineMessage(error: unknown, lastSuccessAt: number | null, timeZone: string): string {
  return `当前离线：无法连接${whereOffline(error)}。${since(lastSuccessAt, timeZone)}`
}

export function failureMessage(error: unknown, where?: string): string {
  const prefix = where ? `同步${where}失败` : '同步失败'
  if (error instanceof Error && error.message) return `${prefix}：${error.message}`
  return `${prefix}：发生了意外错误，请重试。`
}

/** One message for a run's failures, by outcome. */
export function describeFailures(
  errors: { side: SyncSide; error: unknown }[],
  outcome: SyncOutcome,
  lastSuccessAt: number | null,
  timeZone: string,
): string | null {
  if (errors.length === 0) return null
  const offline = errors.filter((e) => isOfflineError(e.error))
  const refused = errors.filter((e) => !isOfflineError(e.error))
  const parts: string[] = []
  if (offline.length > 0) {
    const names = offline.map((e) => SIDE_NAME[e.side]).join('和')
    parts.push(
      outcome === 'partial'
        ? `${names}暂时无法连接：${offline.map((e) => LEFT_UNDONE[e.side]).join('；')}。`
        : `当前离线：无法连接${names}。${since(lastSuccessAt, timeZone)}`,
    )
  }
  for (const e of refused) parts.push(failureMessage(e.error, SIDE_NAME[e.side]))
  return parts.join(' ')
}
