// 活码统计: the QR code, the three counts, a daily trend, per-member counts, the code's settings and its
// customer list — everything about one code's results in one drawer.

import { RoutingLogTab } from './RoutingLogTab'
import { useState } from 'react'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Drawer from '@mui/material/Drawer'
import IconButton from '@mui/material/IconButton'
import Skeleton from '@mui/material/Skeleton'
import Tab from '@mui/material/Tab'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Tabs from '@mui/material/Tabs'
import Typography from '@mui/material/Typography'
import { useApi } from '../hooks/api-context'
import { useNotify } from '../hooks/notify-context'
import { useQuery } from '../hooks/useQuery'
import { useWorkspace } from '../hooks/workspace-context'
import { errorMessage } from '../lib/errors'
import { downloadFile } from '../lib/files'
import { CodeSettings } from './CodeSettings'
import { RelayGapsNotice } from './RelayGapsNotice'
import { CustomerTable } from './CustomerTable'
import { FunnelTab } from './FunnelTab'
import { CloseIcon, DownloadIcon, EditIcon, SyncIcon } from './icons'
import { QrThumb } from './QrThumb'
import { StatCard } from './StatCard'
import { TrendChart } from './TrendChart'

interface Props {
  codeId: number | null
  onClose: () => void
  onEdit: (id: number) => void
}

export function StatsDrawer({ codeId, onClose, onEdit }: Props) {
  return (
    <Drawer
      anchor="right"
      open={codeId !== null}
      onClose={onClose}
      slotProps={{
        paper: { sx: { width: { xs: '100%', lg: 980, md: 860 }, bgcolor: 'background.default' } },
      }}
    >
      {codeId !== null && <StatsContent key={codeId} codeId={codeId} onClose={onClose} onEdit={onEdit} />}
    </Drawer>
  )
}

type TabKey = 'customers' | 'trend' | 'settings' | 'funnel' | 'routing'

function StatsContent({
  codeId,
  onClose,
  onEdit,
}: {
  codeId: number
  onClose: () => void
  onEdit: (id: number) => void
}) {
  const api = useApi()
  const notify = useNotify()
  const { workspace, dataVersion, sync, startSync } = useWorkspace()
  const [tab, setTab] = useState<TabKey>('customers')
  const [version, setVersion] = useState(0)
  const key = `${codeId}:${dataVersion}:${version}`
  const code = useQuery(() => api.getCode({ id: codeId }), `code:${key}`)
  const stats = useQuery(() => api.getCodeStats({ id: codeId }), `stats:${key}`)
  const groups = useQuery(() => api.listTagGroups({}), `tags:${dataVersion}`)
  const members = useQuery(() => api.listMembers({}), `members:${dataVersion}`)
  const sandbox = workspace?.kind === 'sandbox'

  const download = async () => {
    try {
      downloadFile(await api.getQrFile({ id: codeId, format: 'png', caption: true, size: 1024 }))
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    }
  }

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 1,
          px: 3,
          py: 2,
          bgcolor: 'background.paper',
          borderBottom: '1px solid',
          borderColor: 'divider',
        }}
      >
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="caption" sx={{ color: 'text.secondary' }}>
            活码统计
          </Typography>
          <Typography variant="h6" noWrap>
            {code.data?.name ?? ' '}
          </Typography>
        </Box>
        {/* The drawer covers the top bar's 同步, so it has its own; the figures reload when it ends. */}
        <Button
          startIcon={sync?.running ? <CircularProgress size={14} /> : <SyncIcon />}
          onClick={startSync}
          disabled={sync?.running === true}
        >
          {sync?.running ? '同步中…' : '同步'}
        </Button>
        <Button startIcon={<DownloadIcon />} onClick={() => void download()}>
          下载二维码
        </Button>
        <Button startIcon={<EditIcon />} onClick={() => onEdit(codeId)}>
          编辑
        </Button>
        <IconButton onClick={onClose} aria-label="关闭">
          <CloseIcon />
        </IconButton>
      </Box>

      <Box sx={{ flex: 1, overflowY: 'auto', p: 3 }}>
        {(code.error || stats.error) && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {code.error ?? stats.error}
          </Alert>
        )}
        {stats.data && stats.data.relayGaps.length > 0 && <RelayGapsNotice gaps={stats.data.relayGaps} />}
        <Box sx={{ display: 'flex', gap: 2, mb: 2.5 }}>
          <Box
            sx={{
              p: 1.5,
              bgcolor: 'background.paper',
              borderRadius: 2,
              border: '1px solid',
              borderColor: 'divider',
              textAlign: 'center',
            }}
          >
            {code.data ? (
              <QrThumb id={codeId} version={code.data.updatedAt} name={code.data.name} size={132} />
            ) : (
              <Skeleton variant="rectangular" width={132} height={132} />
            )}
          </Box>
          <Box sx={{ flex: 1, display: 'flex', flexDirection: 'column', gap: 1.5 }}>
            <Box sx={{ display: 'flex', gap: 2 }}>
              <StatCard
                label="当前客户数"
                value={stats.data?.current}
                color="#12a150"
                help="通过此活码添加、双方都没有删除对方的客户关系数"
              />
              <StatCard
                label="流失客户数"
                value={stats.data?.lost}
                color="#d93026"
                help="客户删除了员工，或员工删除了客户，都算流失"
              />
              <StatCard
                label="积累引流数"
                value={stats.data?.cumulative}
                color="#1f6feb"
                help="通过此活码添加员工的客户关系总数，只增不减（= 当前 + 流失）"
              />
            </Box>
            <Typography variant="caption" sx={{ color: 'text.secondary' }}>
              一位客户通过同一活码添加一位员工算一条客户关系；流失的客户再次扫码添加同一员工，会重新计为当前客户，积累引流数不变。
            </Typography>
          </Box>
        </Box>

        <Box
          sx={{ bgcolor: 'background.paper', borderRadius: 2, border: '1px solid', borderColor: 'divider' }}
        >
          <Tabs
            value={tab}
            onChange={(_, next: TabKey) => setTab(next)}
            sx={{ px: 2, borderBottom: '1px solid', borderColor: 'divider' }}
          >
            <Tab value="customers" label="客户列表" />
            <Tab value="trend" label="数据趋势" />
            <Tab value="settings" label="渠道设置" />
            <Tab value="funnel" label="送达漏斗" />
            <Tab value="routing" label="路由记录" />
          </Tabs>
          <Box sx={{ p: 2 }}>
            {tab === 'customers' && (
              <CustomerTable
                codeId={codeId}
                sandbox={sandbox}
                version={dataVersion * 1000 + version}
                members={stats.data?.perMember ?? []}
                groups={groups.data ?? []}
                timeZone={workspace?.timeZone}
                onChanged={() => setVersion((v) => v + 1)}
              />
            )}
            {tab === 'trend' && (
              <Box>
                <Typography variant="subtitle1" sx={{ mb: 1 }}>
                  每日新增与流失
                </Typography>
                {stats.data ? <TrendChart daily={stats.data.daily} /> : <Skeleton height={240} />}
                <Typography variant="subtitle1" sx={{ mt: 3, mb: 1 }}>
                  按员工统计
                </Typography>
                <Table size="small" aria-label="按员工统计">
                  <TableHead>
                    <TableRow>
                      <TableCell>员工</TableCell>
                      <TableCell align="right">当前客户数</TableCell>
                      <TableCell align="right">流失客户数</TableCell>
                      <TableCell align="right">积累引流数</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {(stats.data?.perMember ?? []).map((m) => (
                      <TableRow key={m.userid}>
                        <TableCell>{m.name || m.userid}</TableCell>
                        <TableCell align="right">{m.current}</TableCell>
                        <TableCell align="right">{m.lost}</TableCell>
                        <TableCell align="right">{m.cumulative}</TableCell>
                      </TableRow>
                    ))}
                    {stats.data && !stats.data.perMember.length && (
                      <TableRow>
                        <TableCell colSpan={4} sx={{ color: 'text.secondary', textAlign: 'center', py: 3 }}>
                          暂无数据
                        </TableCell>
                      </TableRow>
                    )}
                  </TableBody>
                </Table>
              </Box>
            )}
            {tab === 'funnel' && <FunnelTab codeId={codeId} version={key} />}
            {tab === 'routing' && code.data && (
              <RoutingLogTab
                state={code.data.state}
                members={members.data?.members ?? []}
                timeZone={workspace?.timeZone ?? 'Asia/Shanghai'}
                version={dataVersion * 1000 + version}
              />
            )}
            {tab === 'settings' &&
              (code.data ? (
                <CodeSettings
                  code={code.data}
                  groups={groups.data ?? []}
                  members={members.data?.members ?? []}
                  workspace={workspace}
                />
              ) : (
                <Skeleton height={200} />
              ))}
          </Box>
        </Box>
      </Box>
    </Box>
  )
}
