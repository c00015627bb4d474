// Which workspace the app is working on: the sandbox (沙盒) or a real corp by name.

import Chip from '@mui/material/Chip'
import Tooltip from '@mui/material/Tooltip'
import type { Workspace } from '../../common/domain'
import { BusinessIcon } from './icons'

export function WorkspaceBadge({ workspace }: { workspace: Workspace | null }) {
  if (!workspace) return <Chip size="small" label="加载中…" variant="outlined" />
  if (workspace.kind === 'sandbox') {
    return (
      <Tooltip title="沙盒是内置的企业微信模拟器：数据都是演示数据，可以放心试用“模拟扫码”。">
        <Chip size="small" color="warning" label="沙盒 · 演示企业" sx={{ fontWeight: 600 }} />
      </Tooltip>
    )
  }
  return (
    <Tooltip title={`企业ID：${workspace.corpId}`}>
      <Chip
        size="small"
        color="primary"
        variant="outlined"
        icon={<BusinessIcon fontSize="small" />}
        label={workspace.corpName || workspace.corpId}
      />
    </Tooltip>
  )
}
