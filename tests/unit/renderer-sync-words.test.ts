// The words a manager reads about syncing: a failure shows the time of the failure (not of the last
// success), a half-done sync says what it did and what it left, and the offline chip says how old the
// data is.

import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../common/domain'
import { describeFailures } from '../../main/sync/offline'
import { summarize } from '../../main/sync/summary'
import { RelayError } from '../../main/relay-client/errors'
import { WeComNetworkError } from '../../wecom/errors'
import { offlineLabel } from '../../renderer/components/OfflineChip'
import { lastSyncLine } from '../../renderer/components/SyncButton'
import { setDisplayTimeZone } from '../../renderer/lib/format'

const NOW = Date.UTC(2026, 11, 1, 6, 30) // 14:30 in Shanghai
const base: SyncStatus = {
  running: false,
  phase: 'done',
  done: 0,
  total: 0,
  online: true,
  wecomOnline: true,
  relayOnline: true,
  lastSuccessAt: NOW - 3 * 3600_000,
  lastFinishedAt: NOW - 5 * 60_000,
  lastOutcome: 'ok',
  lastError: null,
  lastSummary: null,
  pendingPushes: 0,
  seq: 1,
}
setDisplayTimeZone('Asia/Shanghai')

describe('sync status in words', () => {
  it('a failed sync shows when it failed, in red; a partial one in orange; a good one its success', () => {
    expect(lastSyncLine({ ...base, lastOutcome: 'failed' }, NOW)).toEqual({
      text: '同步失败 · 5 分钟前',
      color: 'error.main',
    })
    expect(lastSyncLine({ ...base, lastOutcome: 'partial' }, NOW)).toEqual({
      text: '部分同步 · 5 分钟前',
      color: 'warning.main',
    })
    expect(lastSyncLine({ ...base, lastSuccessAt: NOW - 5 * 60_000 }, NOW).text).toBe('上次同步 · 5 分钟前')
  })

  it('the offline chip says how old the data is', () => {
    expect(offlineLabel({ ...base, wecomOnline: false, online: false }, NOW)).toBe('离线 · 数据截至 11:30')
    expect(offlineLabel(base, NOW + 86_400_000)).toBe('离线 · 数据截至 12-01 11:30')
    expect(offlineLabel({ ...base, lastSuccessAt: null })).toBe('离线 · 尚未同步')
  })

  it('a half-done sync names the side that was down and what it left undone; a dead one says 离线', () => {
    const relayDown = { side: 'relay' as const, error: new RelayError('unreachable', 'x') }
    const wecomDown = { side: 'wecom' as const, error: new WeComNetworkError('/cgi-bin/x', 'ECONNREFUSED') }
    expect(describeFailures([relayDown], 'partial', base.lastSuccessAt, 'Asia/Shanghai')).toBe(
      '中转服务暂时无法连接：新的客户事件和欢迎语、标签的发送记录这次没有拉取，中转服务恢复后下次同步会补上。',
    )
    const both = describeFailures([relayDown, wecomDown], 'failed', base.lastSuccessAt, 'Asia/Shanghai')
    expect(both).toBe(
      '当前离线：无法连接中转服务和企业微信。上次成功同步于 2026-12-01 11:30，列表和统计显示的是那时的数据。',
    )
    expect(describeFailures([], 'ok', null, 'Asia/Shanghai')).toBeNull()
  })

  it('the summary lists only what the sides that answered updated', () => {
    const counts = {
      events: 3,
      members: 20,
      imported: 0,
      qrCached: 2,
      customers: 120,
      added: 1,
      lost: 0,
      handedOver: 2,
      repaired: 1,
    }
    expect(summarize(counts, { relay: true, wecom: false })).toBe('已更新：客户事件 3 条')
    expect(summarize(counts, { relay: false, wecom: true })).toBe(
      '已更新：成员 20 位，核对客户 120 位，补记添加 1 条，客户转接 2 位，缓存二维码 2 个，补打标签 1 位',
    )
    expect(summarize(counts, { relay: false, wecom: false })).toBeNull()
  })
})
