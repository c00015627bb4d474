// The result of checkWorkspace / connectCorp: one line per item, ✓ or ✗ with what to do.

import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import List from '@mui/material/List'
import ListItem from '@mui/material/ListItem'
import ListItemIcon from '@mui/material/ListItemIcon'
import ListItemText from '@mui/material/ListItemText'
import type { CheckResult } from '../../common/domain'
import { CancelIcon, CheckCircleIcon } from './icons'
import { SECRET_STORAGE_LABEL, type SecretStorage } from '../lib/secret-storage'

export function CheckResults({
  result,
  secretStorage,
}: {
  result: CheckResult
  secretStorage?: SecretStorage
}) {
  return (
    <Box>
      <Alert severity={result.ok ? 'success' : 'warning'} sx={{ mb: 1 }}>
        {result.ok
          ? '全部检查通过：企业微信和中转服务都已就绪。'
          : '有项目未通过，请按提示处理后再检查一次。'}
      </Alert>
      <List dense disablePadding aria-label="检查结果">
        {result.items.map((item) => (
          <ListItem key={item.key} disableGutters sx={{ alignItems: 'flex-start' }}>
            <ListItemIcon sx={{ minWidth: 32, mt: 0.5 }}>
              {item.ok ? (
                <CheckCircleIcon fontSize="small" sx={{ color: 'success.main' }} aria-label="通过" />
              ) : (
                <CancelIcon fontSize="small" sx={{ color: 'error.main' }} aria-label="未通过" />
              )}
            </ListItemIcon>
            <ListItemText
              primary={`${item.ok ? '✓' : '✗'} ${item.label}`}
              secondary={item.message}
              slotProps={{
                primary: { sx: { fontWeight: 500 } },
                secondary: { sx: { color: item.ok ? 'text.secondary' : 'error.main' } },
              }}
            />
          </ListItem>
        ))}
        {secretStorage && (
          // Not a pass/fail item: which store this machine really uses for the secret and relay key.
          <ListItem disableGutters aria-label="密钥保存方式" sx={{ pl: '32px' }}>
            <ListItemText
              primary={`密钥保存方式：${SECRET_STORAGE_LABEL[secretStorage]}`}
              secondary={
                secretStorage === 'os-encrypted'
                  ? 'Secret 和中转服务密钥由系统钥匙串加密保存'
                  : secretStorage === 'file-fake'
                    ? 'Secret 和中转服务密钥以明文保存在 secrets.dev.json（仅当前用户可读）；建议使用桌面版'
                    : '系统没有可用的钥匙串，无法保存 Secret'
              }
              slotProps={{ primary: { sx: { fontWeight: 500 } } }}
            />
          </ListItem>
        )}
      </List>
    </Box>
  )
}
