// 送达漏斗: of the customers a code added, how many got the welcome, the tags and the remark — for the
// code and for each member — and why the others did not, in plain words (common/funnel.ts).

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
import type { CodeFunnel, FunnelCounts, FunnelStage } from '../../common/funnel'
import { useApi } from '../hooks/api-context'
import { useQuery } from '../hooks/useQuery'

const STAGE_NAMES: Record<FunnelStage, string> = { welcome: '欢迎语', tags: '标签', remark: '备注' }

interface Step {
  key: keyof FunnelCounts
  label: string
  on: (f: CodeFunnel) => boolean
}

const STEPS: Step[] = [
  { key: 'adds', label: '添加客户', on: () => true },
  { key: 'welcomeSent', label: '欢迎语已发', on: (f) => f.welcomeOn },
  { key: 'tagsApplied', label: '已打标签', on: (f) => f.tagsOn },
  { key: 'remarkSet', label: '已写备注', on: (f) => f.remarkOn },
]

const pct = (n: number, of: number) => (of === 0 ? '—' : `${Math.round((n / of) * 100)}%`)

export function FunnelTab({ codeId, version }: { codeId: number; version: string }) {
  const api = useApi()
  const funnel = useQuery(() => api.getCodeFunnel({ id: codeId }), `funnel:${codeId}:${version}`)
  if (funnel.error) return <Alert severity="error">{funnel.error}</Alert>
  const f = funnel.data
  if (!f) return <Skeleton height={240} />
  const steps = STEPS.filter((s) => s.on(f))
  return (
    <Box>
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        送达漏斗
      </Typography>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, mb: 3 }} aria-label="送达漏斗">
        {steps.map((s) => (
          <Box key={s.key} sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
            <Typography sx={{ width: 88, flexShrink: 0 }}>{s.label}</Typography>
            <LinearProgress
              variant="determinate"
              value={f.totals.adds ? (f.totals[s.key] / f.totals.adds) * 100 : 0}
              sx={{ flex: 1, height: 14, borderRadius: 1 }}
            />
            <Typography sx={{ width: 96, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
              {f.totals[s.key]}（{pct(f.totals[s.key], f.totals.adds)}）
            </Typography>
          </Box>
        ))}
      </Box>

      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        未送达原因
      </Typography>
      {f.failures.length === 0 ? (
        <Typography sx={{ color: 'text.secondary', mb: 3 }}>没有未送达的记录</Typography>
      ) : (
        <Table size="small" aria-label="未送达原因" sx={{ mb: 3 }}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 80 }}>环节</TableCell>
              <TableCell>原因</TableCell>
              <TableCell align="right" sx={{ width: 80 }}>
                客户数
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {f.failures.map((x) => (
              <TableRow key={`${x.stage}:${x.reason}`}>
                <TableCell>{STAGE_NAMES[x.stage]}</TableCell>
                <TableCell>{x.reason}</TableCell>
                <TableCell align="right">{x.count}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        按员工
      </Typography>
      <Table size="small" aria-label="按员工送达">
        <TableHead>
          <TableRow>
            <TableCell>员工</TableCell>
            {steps.map((s) => (
              <TableCell key={s.key} align="right">
                {s.label}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {f.members.map((m) => (
            <TableRow key={m.userid}>
              <TableCell>{m.name || m.userid}</TableCell>
              {steps.map((s) => (
                <TableCell key={s.key} align="right">
                  {m[s.key]}
                  {s.key !== 'adds' && (
                    <Typography component="span" variant="caption" sx={{ color: 'text.secondary', ml: 0.5 }}>
                      {pct(m[s.key], m.adds)}
                    </Typography>
                  )}
                </TableCell>
              ))}
            </TableRow>
          ))}
          {f.members.length === 0 && (
            <TableRow>
              <TableCell
                colSpan={steps.length + 1}
                sx={{ color: 'text.secondary', textAlign: 'center', py: 3 }}
              >
                暂无数据
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Box>
  )
}
