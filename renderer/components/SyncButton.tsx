// 同步 button for the top bar: phase + done/total while running; otherwise how the last sync went —
// 上次同步 · 刚刚, 部分同步 · 3 分钟前 (orange) or 同步失败 · 5 分钟前 (red, the time of the failure) —
// with what it updated and why it failed in the tooltip.

import { useEffect, useState } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import LinearProgress from '@mui/material/LinearProgress'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import type { SyncPhase, SyncStatus } from '../../common/domain'
import { formatDateTime, formatRelative } from '../lib/format'
import { SyncIcon } from './icons'

const PHASES: Record<SyncPhase, string> = {
  idle: '准备中',
  events: '拉取客户事件',
  members: '同步成员',
  tags: '同步标签',
  codes: '同步活码',
  qr: '缓存二维码',
  customers: '同步客户',
  repair: '补打标签',
  done: '已完成',
  error: '出错',
}

export function phaseLabel(status: SyncStatus): string {
  const base = PHASES[status.phase]
  return status.total > 0 ? `${base} ${status.done}/${status.total}` : base
}

/** The line under the button when no sync runs, and its colour. */
export function lastSyncLine(status: SyncStatus | null, now: number): { text: string; color: string } {
  if (!status) return { text: '上次同步 · 从未同步', color: 'text.secondary' }
  if (status.lastOutcome === 'failed')
    return { text: `同步失败 · ${formatRelative(status.lastFinishedAt, now)}`, color: 'error.main' }
  if (status.lastOutcome === 'partial')
    return { text: `部分同步 · ${formatRelative(status.lastFinishedAt, now)}`, color: 'warning.main' }
  return { text: `上次同步 · ${formatRelative(status.lastSuccessAt, now)}`, color: 'text.secondary' }
}

function tooltipOf(status: SyncStatus | null): string {
  if (!status) return '还没有同步过'
  const lines: string[] = []
  if (status.lastError) lines.push(status.lastError)
  if (status.lastSummary) lines.push(status.lastSummary)
  if (status.lastSuccessAt) lines.push(`上次完整同步：${formatDateTime(status.lastSuccessAt)}`)
  if (status.pendingPushes > 0)
    lines.push(`${status.pendingPushes} 个活码的设置等待推送到中转服务，恢复连接后自动推送`)
  return lines.join('\n') || '还没有同步过'
}

interface Props {
  status: SyncStatus | null
  onSync: () => void
  disabled?: boolean
}

export function SyncButton({ status, onSync, disabled }: Props) {
  const running = status?.running ?? false
  const progress = status && status.total > 0 ? Math.min(100, (status.done / status.total) * 100) : null
  // "5 分钟前" must move on while the window stays open.
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  const line = lastSyncLine(status, now)

  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
      <Box sx={{ textAlign: 'right', minWidth: 120 }}>
        {running && status ? (
          <>
            <Typography variant="caption" sx={{ color: 'primary.main', display: 'block' }} aria-live="polite">
              {phaseLabel(status)}
            </Typography>
            <LinearProgress
              variant={progress === null ? 'indeterminate' : 'determinate'}
              value={progress ?? 0}
              sx={{ height: 4, borderRadius: 2, mt: 0.25 }}
            />
          </>
        ) : (
          <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{tooltipOf(status)}</span>}>
            <Typography
              variant="caption"
              data-testid="sync-line"
              sx={{ color: line.color, whiteSpace: 'nowrap', display: 'block' }}
            >
              {line.text}
              {status && status.pendingPushes > 0 ? ` · 待推送 ${status.pendingPushes}` : ''}
            </Typography>
          </Tooltip>
        )}
      </Box>
      <Button
        variant="outlined"
        size="small"
        onClick={onSync}
        disabled={running || disabled}
        startIcon={running ? <CircularProgress size={14} /> : <SyncIcon fontSize="small" />}
      >
        {running ? '同步中' : '同步'}
      </Button>
    </Box>
  )
}
