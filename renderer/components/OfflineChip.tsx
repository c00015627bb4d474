// Tells the manager when WeCom (or the app's own service) cannot be reached: data shown is local.

import Chip from '@mui/material/Chip'
import Tooltip from '@mui/material/Tooltip'
import { CloudOffIcon } from './icons'

export function OfflineChip({ offline, bridgeDown }: { offline: boolean; bridgeDown: boolean }) {
  if (bridgeDown) {
    return (
      <Tooltip title="页面连不上活码助手的本机服务：请确认程序仍在运行，然后刷新页面。">
        <Chip size="small" color="error" icon={<CloudOffIcon fontSize="small" />} label="服务未连接" />
      </Tooltip>
    )
  }
  if (!offline) return null
  return (
    <Tooltip title="暂时连不上企业微信：可以继续查看本地数据、下载和打印二维码；恢复联网后点“同步”。">
      <Chip size="small" icon={<CloudOffIcon fontSize="small" />} label="离线" variant="outlined" />
    </Tooltip>
  )
}
