// 客户列表 of one code: status filter (全部 / 现存客户 / 流失客户) with the name, member and added-date
// filters, paging (back to page 1 whenever a filter changes), 导出客户 of what is shown, and in the
// sandbox the two ways a relation can be lost, to see the counts move. Each row says who serves the
// customer now (已离职, 转接中, 转接失败, who served before), whether the member has yet to confirm a
// half-add, whether the welcome went out, and which tags the customer got.

import { useState } from 'react'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import CircularProgress from '@mui/material/CircularProgress'
import LinearProgress from '@mui/material/LinearProgress'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import ToggleButton from '@mui/material/ToggleButton'
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import type { CodeCustomer, MemberCount, TagGroup } from '../../common/domain'
import type { PAGE_SIZES } from '../../common/limits'
import { useApi } from '../hooks/api-context'
import { useNotify } from '../hooks/notify-context'
import { useCustomerFilter } from '../hooks/useCustomerFilter'
import { useQuery } from '../hooks/useQuery'
import { errorMessage } from '../lib/errors'
import { downloadFile } from '../lib/files'
import { formatDateTime } from '../lib/format'
import { CustomerFilters } from './CustomerFilters'
import { EmptyState } from './EmptyState'
import { ExportIcon, PeopleIcon } from './icons'
import { PagingBar } from './PagingBar'
import { PersonAvatar } from './PersonAvatar'
import { SandboxDeleteMenu } from './SandboxDeleteMenu'
import { TagsCell } from './TagsCell'
import { WelcomeChip } from './WelcomeChip'

type Status = 'all' | 'current' | 'lost'
type PageSize = (typeof PAGE_SIZES)[number]

interface Props {
  codeId: number
  sandbox: boolean
  version: number
  /** For the 所属员工 filter: the code's members and whoever serves its customers. */
  members: MemberCount[]
  /** The tag library, to name the tags each customer got. */
  groups: TagGroup[]
  /** The workspace's zone: the date filter means whole days there. */
  timeZone?: string | undefined
  /** After a simulated deletion: reload the counts too. */
  onChanged: () => void
}

export function lostReasonText(customer: CodeCustomer): string {
  const when = customer.lostAt ? `（${formatDateTime(customer.lostAt)}）` : ''
  if (customer.lostReason === 'customer_deleted_member') return `客户删除了员工${when}`
  if (customer.lostReason === 'member_deleted_customer') return `员工删除了客户${when}`
  return '已流失'
}

export function CustomerTable({ codeId, sandbox, version, members, groups, timeZone, onChanged }: Props) {
  const api = useApi()
  const notify = useNotify()
  const [status, setStatus] = useState<Status>('all')
  const filter = useCustomerFilter(timeZone)
  const [pageSize, setPageSize] = useState<PageSize>(10)
  // The page belongs to the filter it was chosen under: any other filter starts on page 1.
  const filterKey = JSON.stringify({ status, query: filter.query, pageSize })
  const [paging, setPaging] = useState({ key: filterKey, page: 1 })
  const page = paging.key === filterKey ? paging.page : 1
  const setPage = (next: number) => setPaging({ key: filterKey, page: next })
  const [busy, setBusy] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const list = useQuery(
    () => api.listCodeCustomers({ id: codeId, status, ...filter.query, page, pageSize }),
    JSON.stringify({ codeId, filterKey, page, version }),
  )
  const filtered = status !== 'all' || Object.keys(filter.query).length > 0

  const clearFilters = () => {
    filter.reset()
    setStatus('all')
  }

  const exportCustomers = async () => {
    setExporting(true)
    try {
      downloadFile(await api.exportCodeCustomers({ id: codeId, status, ...filter.query, format: 'xlsx' }))
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    } finally {
      setExporting(false)
    }
  }

  const simulate = async (customer: CodeCustomer, by: 'customer' | 'member') => {
    setBusy(customer.externalUserid + by)
    try {
      await api.simulateDeletion({ id: codeId, externalUserid: customer.externalUserid, by })
      notify(
        by === 'customer'
          ? `已模拟「${customer.name}」删除员工 ${customer.memberName}`
          : `已模拟员工 ${customer.memberName} 删除客户「${customer.name}」`,
        { severity: 'success' },
      )
      onChanged()
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    } finally {
      setBusy(null)
    }
  }

  const items = list.data?.items ?? []
  const total = list.data?.total ?? 0

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 1.5 }}>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          客户状态
        </Typography>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={status}
          onChange={(_, next: Status | null) => {
            if (next) setStatus(next)
          }}
          aria-label="客户状态"
        >
          <ToggleButton value="all" sx={{ px: 2 }}>
            全部
          </ToggleButton>
          <ToggleButton value="current" sx={{ px: 2 }}>
            现存客户
          </ToggleButton>
          <ToggleButton value="lost" sx={{ px: 2 }}>
            流失客户
          </ToggleButton>
        </ToggleButtonGroup>
        <Box sx={{ flex: 1 }} />
        <Button
          size="small"
          variant="outlined"
          startIcon={exporting ? <CircularProgress size={14} /> : <ExportIcon />}
          onClick={() => void exportCustomers()}
          disabled={exporting || total === 0}
        >
          导出客户
        </Button>
      </Box>
      <CustomerFilters filter={filter} members={members} timeZone={timeZone} />
      <Box sx={{ border: '1px solid', borderColor: 'divider', borderRadius: 1, overflow: 'hidden' }}>
        <Box sx={{ height: 2 }}>{list.loading && <LinearProgress sx={{ height: 2 }} />}</Box>
        {list.error ? (
          <Alert severity="error" sx={{ m: 2 }}>
            {list.error}
          </Alert>
        ) : !list.loading && items.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={<PeopleIcon sx={{ fontSize: 36 }} />}
              title="没有符合条件的客户"
              description="换个名称、员工或日期试试，或清除筛选查看全部客户。"
              action={
                <Button variant="outlined" onClick={clearFilters}>
                  清除筛选
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={<PeopleIcon sx={{ fontSize: 36 }} />}
              title="还没有客户通过这个活码添加"
              description={
                sandbox
                  ? '在列表里点“模拟扫码”，让模拟客户扫一次这个码，再回来看看。'
                  : '把二维码印在海报或放到门店，客户扫码添加后会出现在这里（点“同步”获取最新数据）。'
              }
            />
          )
        ) : (
          <Table size="small" aria-label="客户列表">
            <TableHead>
              <TableRow>
                <TableCell>客户信息</TableCell>
                <TableCell>所属员工</TableCell>
                <TableCell>添加时间</TableCell>
                <TableCell>客户状态</TableCell>
                <TableCell>欢迎语</TableCell>
                <TableCell>标签</TableCell>
                {sandbox && <TableCell align="right">沙盒</TableCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((c) => (
                <TableRow key={`${c.externalUserid}:${c.memberUserid}`} hover>
                  <TableCell>
                    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.25 }}>
                      <PersonAvatar name={c.name} src={c.avatar} size={30} />
                      <Typography variant="body2" noWrap title={c.name} sx={{ maxWidth: 110 }}>
                        {c.name}
                      </Typography>
                    </Box>
                  </TableCell>
                  <TableCell>
                    <OwnerCell customer={c} />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <AddedAt at={c.addedAt} />
                  </TableCell>
                  <TableCell>
                    {c.status === 'current' ? (
                      <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                        <Chip size="small" label="现存客户" color="success" variant="outlined" />
                        {c.pendingConfirm && (
                          <Tooltip title="客户通过免验证添加，成员还没有确认。已计入添加，确认后会自动打上预设标签。">
                            <Chip size="small" label="待成员确认" color="warning" variant="outlined" />
                          </Tooltip>
                        )}
                      </Box>
                    ) : (
                      <Tooltip title={lostReasonText(c)}>
                        <Chip size="small" label="流失客户" color="error" variant="outlined" />
                      </Tooltip>
                    )}
                  </TableCell>
                  <TableCell>
                    <WelcomeChip customer={c} />
                  </TableCell>
                  <TableCell sx={{ maxWidth: 200 }}>
                    <TagsCell customer={c} groups={groups} />
                  </TableCell>
                  {sandbox && (
                    <TableCell align="right">
                      {c.status === 'current' ? (
                        <SandboxDeleteMenu disabled={busy !== null} onDelete={(by) => void simulate(c, by)} />
                      ) : (
                        <Box component="span" sx={{ color: 'text.disabled' }}>
                          —
                        </Box>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {total > 0 && (
          <PagingBar
            total={total}
            page={page}
            pageSize={pageSize}
            onPage={setPage}
            onPageSize={setPageSize}
          />
        )}
      </Box>
    </Box>
  )
}

/** The date over the time: two short lines leave the other columns room at 1280 px. */
function AddedAt({ at }: { at: number }) {
  const [date, time] = formatDateTime(at).split(' ')
  return (
    <Box sx={{ lineHeight: 1.3 }}>
      <Typography variant="body2">{date}</Typography>
      <Typography variant="caption" sx={{ color: 'text.secondary' }}>
        {time}
      </Typography>
    </Box>
  )
}

/** Who serves the customer now, marked when they left, with any handover under way or behind them. */
function OwnerCell({ customer: c }: { customer: CodeCustomer }) {
  const last = c.handovers.at(-1)
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 0.25 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
        <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
          {c.memberName || c.memberUserid}
        </Typography>
        {c.memberLeft && <Chip size="small" label="已离职" variant="outlined" sx={{ height: 20 }} />}
        {c.handover === 'pending' && (
          <Tooltip title="企业微信正在把这位客户转给其他成员（在职/离职继承），完成后这里会显示接替成员。">
            <Chip size="small" label="转接中" color="info" variant="outlined" sx={{ height: 20 }} />
          </Tooltip>
        )}
        {c.handover === 'failed' && (
          <Tooltip title={c.handoverNote}>
            <Chip size="small" label="转接失败" color="warning" variant="outlined" sx={{ height: 20 }} />
          </Tooltip>
        )}
      </Box>
      {last && (
        <Tooltip
          title={c.handovers.map((h) => `${formatDateTime(h.at)} ${h.fromName} → ${h.toName}`).join('\n')}
          slotProps={{ tooltip: { sx: { whiteSpace: 'pre-line' } } }}
        >
          <Typography variant="caption" sx={{ color: 'text.secondary' }} data-testid="handover-history">
            由 {c.handovers[0]!.fromName} 转接
            {c.handovers.length > 1 ? `（共 ${c.handovers.length} 次）` : ''}
          </Typography>
        </Tooltip>
      )}
    </Box>
  )
}
