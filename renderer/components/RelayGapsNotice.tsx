// Honest numbers: while the relay was down, a customer who deleted a member left no trace anywhere
// (WeCom keeps the one-way relation, so reconcile cannot see it). The drawer says when that was.

import Alert from '@mui/material/Alert'
import type { RelayGap } from '../../common/domain'
import { formatClock, formatDateTime } from '../lib/format'

/** A short outage inside one minute shows its seconds, so it never reads as "10:05–10:05". */
export function gapText(gap: RelayGap, now: number = Date.now()): string {
  const sameMinute = Math.floor(gap.from / 60_000) === Math.floor(gap.to / 60_000)
  const at = (ms: number) => (sameMinute ? formatDateTime(ms).slice(11) : formatClock(ms, now))
  return `中转服务 ${at(gap.from)}–${at(gap.to)} 不可用`
}

export function RelayGapsNotice({ gaps }: { gaps: RelayGap[] }) {
  const shown = gaps.slice(0, 3)
  const more = gaps.length - shown.length
  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="relay-gaps">
      {shown.map((g) => gapText(g)).join('；')}
      {more > 0 ? `（另有 ${more} 次）` : ''}，这段时间内客户删除员工的记录可能缺失，流失客户数可能偏少。
    </Alert>
  )
}
