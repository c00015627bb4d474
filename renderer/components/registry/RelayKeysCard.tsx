// 中转服务密钥: the corp admin issues each manager's desktop its own relay key (shown once), sees who
// holds which and when it was last used, and revokes one; a revoked key is refused at once, and the
// changes made with it keep their author. Other desktops see the list without the buttons.

import { useState } from 'react'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { useApi } from '../../hooks/api-context'
import { useNotify } from '../../hooks/notify-context'
import { useQuery } from '../../hooks/useQuery'
import { errorMessage } from '../../lib/errors'
import { formatDateTime } from '../../lib/format'
import { CopyButton } from '../CopyButton'
import { ConfirmDialog } from '../ConfirmDialog'

export function RelayKeysCard() {
  const api = useApi()
  const notify = useNotify()
  const keys = useQuery(() => api.listRelayKeys({}), 'relay-keys')
  const [keyId, setKeyId] = useState('')
  const [who, setWho] = useState('')
  const [issued, setIssued] = useState<{ keyId: string; key: string } | null>(null)
  const [revoking, setRevoking] = useState<string | null>(null)
  const admin = keys.data?.me?.admin ?? false

  const issue = async () => {
    try {
      setIssued(await api.issueRelayKey({ keyId: keyId.trim(), who: who.trim() }))
      setKeyId('')
      setWho('')
      keys.reload()
    } catch (error) {
      notify(errorMessage(error), { severity: 'error' })
    }
  }
  const revoke = async (id: string) => {
    try {
      await api.revokeRelayKey({ keyId: id })
      if (issued?.keyId === id) setIssued(null)
      notify(`密钥 ${id} 已吊销：用它的电脑从下一次请求起会被拒绝`, { severity: 'success' })
      keys.reload()
    } catch (error) {
      notify(errorMessage(error), { severity: 'error' })
    }
  }

  if (keys.error) return <Alert severity="warning">{keys.error}</Alert>
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      {keys.data?.me && (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          本机使用的密钥：
          {keys.data.me.admin
            ? '企业管理员密钥（中转服务配置中的 apiKey）'
            : `${keys.data.me.keyId}（${keys.data.me.who}）`}
        </Typography>
      )}
      <Table size="small" aria-label="各电脑的密钥">
        <TableHead>
          <TableRow>
            <TableCell>编号</TableCell>
            <TableCell>使用人</TableCell>
            <TableCell>发放时间</TableCell>
            <TableCell>最近使用</TableCell>
            <TableCell>状态</TableCell>
            {admin && <TableCell align="right">操作</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {(keys.data?.keys ?? []).length === 0 && (
            <TableRow>
              <TableCell colSpan={admin ? 6 : 5} sx={{ color: 'text.secondary' }}>
                还没有为其他管理员发放密钥
              </TableCell>
            </TableRow>
          )}
          {(keys.data?.keys ?? []).map((k) => (
            <TableRow key={k.keyId}>
              <TableCell>{k.keyId}</TableCell>
              <TableCell>{k.who}</TableCell>
              <TableCell>{formatDateTime(k.createdAt)}</TableCell>
              <TableCell>{k.lastSeenAt ? formatDateTime(k.lastSeenAt) : '从未使用'}</TableCell>
              <TableCell>
                {k.revokedAt ? (
                  <Chip size="small" label={`已吊销 ${formatDateTime(k.revokedAt)}`} />
                ) : (
                  <Chip size="small" color="success" variant="outlined" label="有效" />
                )}
              </TableCell>
              {admin && (
                <TableCell align="right">
                  {!k.revokedAt && (
                    <Button size="small" color="error" onClick={() => setRevoking(k.keyId)}>
                      吊销
                    </Button>
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {admin && (
        <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            size="small"
            label="编号"
            placeholder="如 li-zhuguan"
            value={keyId}
            onChange={(e) => setKeyId(e.target.value)}
            helperText="小写字母、数字和 -"
          />
          <TextField
            size="small"
            label="使用人"
            placeholder="如 李主管的电脑"
            value={who}
            onChange={(e) => setWho(e.target.value)}
            helperText="谁的电脑用这把密钥"
          />
          <Button
            variant="contained"
            onClick={() => void issue()}
            disabled={!keyId.trim() || !who.trim()}
            sx={{ mb: 2.5 }}
          >
            发放密钥
          </Button>
        </Box>
      )}
      {issued && (
        <Alert severity="success" onClose={() => setIssued(null)}>
          <Typography variant="body2" sx={{ mb: 1 }}>
            密钥 {issued.keyId} 已发放。它只显示这一次：请复制后交给使用人，在其电脑的 设置
            中填为中转服务密钥。
          </Typography>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Typography component="code" sx={{ fontFamily: 'monospace', fontSize: 13 }}>
              {issued.key}
            </Typography>
            <CopyButton text={issued.key} label="复制密钥" />
          </Box>
        </Alert>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`吊销密钥 ${revoking ?? ''}？`}
        confirmLabel="吊销"
        danger
        onConfirm={async () => {
          if (revoking) await revoke(revoking)
          setRevoking(null)
        }}
        onClose={() => setRevoking(null)}
      >
        <Typography variant="body2">
          吊销后，用这把密钥的电脑立即无法再同步。它之前做的修改保留，并仍记在它的使用人名下。
        </Typography>
      </ConfirmDialog>
    </Box>
  )
}
