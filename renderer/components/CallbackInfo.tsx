// What the admin pastes into the WeCom console: the callback URL, Token and EncodingAESKey — the last
// two read from the relay, which verifies WeCom's callbacks with them.

import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { Workspace } from '../../common/domain'
import { CopyButton } from './CopyButton'

export function CallbackInfo({ workspace }: { workspace: Workspace }) {
  const rows = [
    { label: '回调 URL', value: workspace.callbackUrl, what: '回调 URL' },
    { label: 'Token', value: workspace.callbackToken, what: 'Token' },
    { label: 'EncodingAESKey', value: workspace.encodingAesKey, what: 'EncodingAESKey' },
  ]
  return (
    <Box sx={{ display: 'grid', gap: 1.25 }}>
      {workspace.kind === 'corp' && (
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>
          Token 和 EncodingAESKey 读取自中转服务的配置文件（中转服务用它们校验企业微信的回调），请原样复制。
        </Typography>
      )}
      {rows.map((row) => (
        <Box
          key={row.label}
          sx={{ display: 'grid', gridTemplateColumns: '128px 1fr auto', alignItems: 'center', gap: 1.5 }}
        >
          <Typography variant="body2" sx={{ color: 'text.secondary', textAlign: 'right' }}>
            {row.label}
          </Typography>
          <Box
            sx={{
              fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
              fontSize: 13,
              px: 1.25,
              py: 0.75,
              bgcolor: '#f5f7fa',
              border: '1px solid',
              borderColor: 'divider',
              borderRadius: 1,
              wordBreak: 'break-all',
              color: row.value ? 'text.primary' : 'text.disabled',
              userSelect: 'all',
            }}
            aria-label={row.label}
          >
            {row.value ||
              (row.label === '回调 URL' ? '连接企业后生成' : '连接中转服务后显示（以中转服务的配置为准）')}
          </Box>
          <CopyButton text={row.value} what={row.what} disabled={!row.value} />
        </Box>
      ))}
    </Box>
  )
}
