// The 离线 state, as soon as main knows it: which side cannot be reached and how old the data on
// screen is ("离线 · 数据截至 14:05"). Everything local keeps working meanwhile.

import Chip from '@mui/material/Chip'
import Tooltip from '@mui/material/Tooltip'
import type { SyncStatus } from '../../common/domain'
import { formatClock } from '../lib/format'
import { CloudOffIcon } from './icons'

export function offlineLabel(status: SyncStatus, now: number = Date.now()): string {
  return status.lastSuccessAt
    ? `离线 · 数据截至 ${formatClock(status.lastSuccessAt, now)}`
    : '离线 · 尚未同步'
}

export function OfflineChip({ status, bridgeDown }: { status: SyncStatus | null; bridgeDown: boolean }) {
  if (bridgeDown) {
    return (
      <Tooltip title="页面连不上活码助手的本机服务：请确认程序仍在运行，然后刷新页面。">
        <Chip size="small" color="error" icon={<CloudOffIcon fontSize="small" />} label="服务未连接" />
      </Tooltip>
    )
  }
  if (!status || (status.wecomOnline && status.relayOnline)) return null
  const parts = [
    !status.wecomOnline &&
      '连不上企业微信：新建和编辑活码暂时无法保存，可以继续查看本地数据、下载和打印二维码。',
    !status.relayOnline &&
      '连不上中转服务：新的客户事件暂时拉取不到；中转服务恢复后会自动补上，期间新建的活码也会自动推送过去。',
  ].filter(Boolean)
  return (
    <Tooltip title={parts.join(' ')}>
      <Chip
        size="small"
        color="warning"
        icon={<CloudOffIcon fontSize="small" />}
        label={offlineLabel(status)}
        variant="outlined"
        data-testid="offline-chip"
      />
    </Tooltip>
  )
}
