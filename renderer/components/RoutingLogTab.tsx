// The statistics drawer's 路由记录 tab: what smart routing did with this code, as the relay reports it
// — its 路由告警 if nobody can take adds, adds today per member against the weights (realised split)
// and against each member's daily cap, and every change of the code's WeCom member list with why.

import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import LinearProgress from '@mui/material/LinearProgress'
import Skeleton from '@mui/material/Skeleton'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import type { Member } from '../../common/domain'
import { ROUTING_REASON_LABELS } from '../../common/routing'
import { formatZonedDateTime } from '../../common/zoned-time'
import { useApi } from '../hooks/api-context'
import { useQuery } from '../hooks/useQuery'

interface Props {
  state: string
  members: Member[]
  timeZone: string
  version: number
}

const pct = (x: number) => `${Math.round(x * 100)}%`

export function RoutingLogTab({ state, members, timeZone, version }: Props) {
  const api = useApi()
  const report = useQuery(() => api.getRoutingReport({}), `routing:${version}`)
  const names = new Map(members.map((m) => [m.userid, m.name]))
  const nameOf = (u: string) => names.get(u) ?? u
  // The relay knows userids only; the manager reads names.
  const withNames = (text: string) => text.replace(/[A-Za-z0-9_.@-]+/g, (word) => names.get(word) ?? word)
  if (report.error) return <Alert severity="warning">{report.error}</Alert>
  if (!report.data) return <Skeleton height={200} />
  const code = report.data.codes.find((c) => c.state === state)
  if (!code)
    return (
      <Typography variant="body2" color="text.secondary" sx={{ py: 3, textAlign: 'center' }}>
        这个活码没有开启智能分配：在 编辑活码 › 分配规则 中开启后，这里会显示每次改派的时间和原因。
      </Typography>
    )
  const caps = new Map(report.data.members.map((m) => [m.userid, m]))
  const log = report.data.log.filter((e) => e.state === state).reverse()
  return (
    <Box data-testid="routing-log">
      {code.alert && (
        <Alert severity="error" sx={{ mb: 2 }}>
          路由告警：{code.alert}
        </Alert>
      )}
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        今日分配（{report.data.day}，共 {code.addsToday} 人）· 当前接待：
        {code.users.map(nameOf).join('、') || '—'}
      </Typography>
      <Table size="small" aria-label="今日分配">
        <TableHead>
          <TableRow>
            <TableCell>成员</TableCell>
            <TableCell align="right">权重</TableCell>
            <TableCell align="right">本码今日</TableCell>
            <TableCell sx={{ width: 200 }}>实际占比 / 权重占比</TableCell>
            <TableCell align="right">今日合计 / 上限（所有活码）</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {code.members.map((m) => {
            const c = caps.get(m.userid)
            return (
              <TableRow key={m.userid}>
                <TableCell>
                  {nameOf(m.userid)}
                  {m.backup && (
                    <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 0.5 }}>
                      备用
                    </Typography>
                  )}
                  {c?.departed && (
                    <Typography component="span" variant="caption" color="error" sx={{ ml: 0.5 }}>
                      已离职/无权限
                    </Typography>
                  )}
                </TableCell>
                <TableCell align="right">{m.backup ? '—' : m.weight}</TableCell>
                <TableCell align="right">{m.adds}</TableCell>
                <TableCell>
                  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                    <LinearProgress
                      variant="determinate"
                      value={Math.min(100, m.realisedShare * 100)}
                      sx={{ flex: 1, height: 6, borderRadius: 3 }}
                    />
                    <Typography variant="caption" sx={{ whiteSpace: 'nowrap' }}>
                      {pct(m.realisedShare)} / {m.backup ? '—' : pct(m.targetShare)}
                    </Typography>
                  </Box>
                </TableCell>
                <TableCell align="right">
                  {c?.addsToday ?? 0} / {c?.dailyCap ?? '不限'}
                </TableCell>
              </TableRow>
            )
          })}
        </TableBody>
      </Table>
      <Typography variant="subtitle1" sx={{ mt: 3, mb: 1 }}>
        改派记录
      </Typography>
      <Table size="small" aria-label="改派记录">
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 150 }}>时间</TableCell>
            <TableCell sx={{ width: 150 }}>原因</TableCell>
            <TableCell>接待成员变化</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {log.map((e) => (
            <TableRow key={e.id}>
              <TableCell>{formatZonedDateTime(e.at, timeZone, false)}</TableCell>
              <TableCell>{ROUTING_REASON_LABELS[e.reason]}</TableCell>
              <TableCell>
                <Typography variant="body2">
                  {e.before.map(nameOf).join('、') || '—'} → {e.after.map(nameOf).join('、') || '—'}
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  {withNames(e.detail)}
                </Typography>
              </TableCell>
            </TableRow>
          ))}
          {log.length === 0 && (
            <TableRow>
              <TableCell colSpan={3} sx={{ color: 'text.secondary', textAlign: 'center', py: 3 }}>
                暂无改派
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Box>
  )
}
