// 同步 button for the top bar: phase + done/total while running, the last successful sync otherwise.

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
  customers: '同步客户',
  done: '已完成',
  error: '出错',
}

export function phaseLabel(status: SyncStatus): string {
  const base = PHASES[status.phase]
  return status.total > 0 ? `${base} ${status.done}/${status.total}` : base
}

interface Props {
  status: SyncStatus | null
  onSync: () => void
  disabled?: boolean
}

export function SyncButton({ status, onSync, disabled }: Props) {
  const running = status?.running ?? false
  const progress = status && status.total > 0 ? Math.min(100, (status.done / status.total) * 100) : null
  const tip = status?.lastError
    ? `上次同步失败：${status.lastError}`
    : status?.lastSuccessAt
      ? `上次同步成功：${formatDateTime(status.lastSuccessAt)}`
      : '还没有同步过'

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
          <Tooltip title={tip}>
            <Typography
              variant="caption"
              sx={{ color: status?.lastError ? 'error.main' : 'text.secondary', whiteSpace: 'nowrap' }}
            >
              {status?.lastError ? '同步失败 · ' : '上次同步 · '}
              {formatRelative(status?.lastSuccessAt ?? null)}
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
