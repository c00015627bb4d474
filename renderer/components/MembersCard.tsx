// 使用人员管理: every member synced from WeCom, with a switch to take one out of (or back into) this
// app. Members switched off stay on existing codes but cannot be put on new ones.

import { useMemo, useState } from 'react'
import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import Switch from '@mui/material/Switch'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import type { Member } from '../../common/domain'
import { useApi } from '../hooks/api-context'
import { useNotify } from '../hooks/notify-context'
import { useQuery } from '../hooks/useQuery'
import { errorMessage } from '../lib/errors'

function statusLabel(member: Member): string | null {
  if (!member.canFollow) return '无客户联系权限'
  if (member.status === 4) return '未激活'
  if (member.status !== 1) return '已停用或离职'
  return null
}

export function MembersCard() {
  const api = useApi()
  const notify = useNotify()
  const [query, setQuery] = useState('')
  const [busy, setBusy] = useState<string | null>(null)
  const members = useQuery(() => api.listMembers({}), 'members')
  const departments = useMemo(
    () => new Map((members.data?.departments ?? []).map((d) => [d.id, d.name])),
    [members.data],
  )
  const shown = (members.data?.members ?? [])
    .filter((m) => !query.trim() || m.name.includes(query.trim()) || m.userid.includes(query.trim()))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))

  async function toggle(member: Member, enabled: boolean) {
    setBusy(member.userid)
    try {
      await api.setMemberEnabled({ userid: member.userid, enabled })
      notify(
        enabled ? `已在本应用启用 ${member.name}` : `已在本应用停用 ${member.name}，新建活码时不能再选择`,
      )
      members.reload()
    } catch (error) {
      notify(errorMessage(error), { severity: 'error' })
    } finally {
      setBusy(null)
    }
  }

  if (members.error) return <Typography color="error">{members.error}</Typography>
  return (
    <Box>
      <TextField
        size="small"
        placeholder="搜索姓名或账号"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        slotProps={{ htmlInput: { 'aria-label': '搜索成员' } }}
        sx={{ mb: 1.5, width: 280 }}
      />
      <Box sx={{ maxHeight: 360, overflowY: 'auto' }}>
        <Table size="small" stickyHeader aria-label="成员">
          <TableHead>
            <TableRow>
              <TableCell>姓名</TableCell>
              <TableCell>账号</TableCell>
              <TableCell>部门</TableCell>
              <TableCell>企业微信状态</TableCell>
              <TableCell align="right">在本应用启用</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((m) => {
              const label = statusLabel(m)
              return (
                <TableRow key={m.userid} hover>
                  <TableCell>{m.name}</TableCell>
                  <TableCell sx={{ color: 'text.secondary' }}>{m.userid}</TableCell>
                  <TableCell sx={{ color: 'text.secondary' }}>
                    {m.departmentIds.map((id) => departments.get(id) ?? id).join('、')}
                  </TableCell>
                  <TableCell>
                    {label ? (
                      <Chip size="small" variant="outlined" label={label} />
                    ) : (
                      <Chip size="small" color="success" variant="outlined" label="可使用" />
                    )}
                  </TableCell>
                  <TableCell align="right">
                    <Switch
                      size="small"
                      checked={m.enabled}
                      disabled={busy === m.userid}
                      onChange={(_, checked) => void toggle(m, checked)}
                      slotProps={{ input: { 'aria-label': `在本应用启用 ${m.name}` } }}
                    />
                  </TableCell>
                </TableRow>
              )
            })}
          </TableBody>
        </Table>
      </Box>
    </Box>
  )
}
