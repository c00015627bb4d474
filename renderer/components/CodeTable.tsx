// The code list's table: checkbox, name, QR thumbnail + 下载, link + 复制, tags, created time, actions.

import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import Chip from '@mui/material/Chip'
import Link from '@mui/material/Link'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import type { CodeSummary, TagGroup } from '../../common/domain'
import { formatDateTime, truncateMiddle } from '../lib/format'
import { CopyButton } from './CopyButton'
import { QrThumb } from './QrThumb'
import { TagChips } from './TagChips'

/** Keeps 操作 visible when a narrow window scrolls the table sideways. */
const STICKY_RIGHT = { position: 'sticky', right: 0, zIndex: 1 } as const

export interface CodeRowActions {
  onDownload: (code: CodeSummary) => void
  onEdit: (code: CodeSummary) => void
  onDelete: (code: CodeSummary) => void
  onStats: (code: CodeSummary) => void
  /** Sandbox only. */
  onSimulateScan?: ((code: CodeSummary) => void) | undefined
}

interface Props extends CodeRowActions {
  items: CodeSummary[]
  groups: TagGroup[]
  selected: ReadonlySet<number>
  onToggle: (id: number) => void
  onToggleAll: (ids: number[], select: boolean) => void
  busyIds: ReadonlySet<number>
}

export function CodeTable({ items, groups, selected, onToggle, onToggleAll, busyIds, ...actions }: Props) {
  const ids = items.map((c) => c.id)
  const selectedHere = ids.filter((id) => selected.has(id)).length
  const all = ids.length > 0 && selectedHere === ids.length

  return (
    <Table size="small" aria-label="渠道活码列表" sx={{ minWidth: 940 }}>
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox">
            <Checkbox
              checked={all}
              indeterminate={selectedHere > 0 && !all}
              onChange={() => onToggleAll(ids, !all)}
              slotProps={{ input: { 'aria-label': '全选本页' } }}
            />
          </TableCell>
          <TableCell>渠道名称</TableCell>
          <TableCell>渠道活码</TableCell>
          <TableCell>活码链接</TableCell>
          <TableCell>预设标签</TableCell>
          <TableCell>创建时间</TableCell>
          <TableCell align="right" sx={{ pr: 2, ...STICKY_RIGHT }}>
            操作
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map((code) => (
          <TableRow key={code.id} hover selected={selected.has(code.id)}>
            <TableCell padding="checkbox">
              <Checkbox
                checked={selected.has(code.id)}
                onChange={() => onToggle(code.id)}
                slotProps={{ input: { 'aria-label': `选择 ${code.name}` } }}
              />
            </TableCell>
            <TableCell sx={{ minWidth: 130, maxWidth: 240 }}>
              <Link
                component="button"
                underline="hover"
                onClick={() => actions.onStats(code)}
                sx={{ fontWeight: 600, color: 'text.primary', textAlign: 'left', fontSize: 14 }}
              >
                {code.name}
              </Link>
              <Box sx={{ display: 'flex', gap: 0.5, mt: 0.5, alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="caption" sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}>
                  {/* Every code is a multi-member way (type 2) now, so the caption counts people. */}
                  {`使用人员 ${code.memberUserids.length} 人`}
                </Typography>
                {code.relayState === 'pending' && (
                  <Tooltip title="规则还没推送到中转服务（欢迎语、标签、自动通过），下次同步时会自动重试">
                    <Chip
                      label="待同步"
                      size="small"
                      color="warning"
                      variant="outlined"
                      sx={{ height: 20 }}
                    />
                  </Tooltip>
                )}
                {code.autoAcceptIssue && (
                  <Tooltip title={code.autoAcceptIssue}>
                    <Chip
                      label="自动通过切换失败"
                      size="small"
                      color="error"
                      variant="outlined"
                      sx={{ height: 20 }}
                      data-testid="auto-accept-issue"
                    />
                  </Tooltip>
                )}
                {code.origin === 'imported' && (
                  <Tooltip title="从企业微信后台导入的活码">
                    <Chip label="导入" size="small" variant="outlined" sx={{ height: 20 }} />
                  </Tooltip>
                )}
              </Box>
            </TableCell>
            <TableCell>
              <Box
                sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center', width: 56, py: 0.5 }}
              >
                <QrThumb id={code.id} version={code.updatedAt} name={code.name} size={48} />
                <Button
                  size="small"
                  onClick={() => actions.onDownload(code)}
                  disabled={busyIds.has(code.id)}
                  sx={{ minWidth: 0, px: 1, py: 0, mt: 0.25, fontSize: 12.5, whiteSpace: 'nowrap' }}
                >
                  下载
                </Button>
              </Box>
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
                <Tooltip title={code.qrUrl}>
                  <Typography
                    variant="body2"
                    sx={{
                      color: 'text.secondary',
                      fontSize: 12.5,
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {truncateMiddle(code.qrUrl.replace(/^https?:\/\//, ''), 22)}
                  </Typography>
                </Tooltip>
                <CopyButton text={code.qrUrl} what="活码链接" />
              </Box>
            </TableCell>
            <TableCell sx={{ minWidth: 130, maxWidth: 260 }}>
              <TagChips tagIds={code.tagIds} groups={groups} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <Typography variant="body2">{formatDateTime(code.createdAt)}</Typography>
              <Typography variant="caption" sx={{ color: 'text.secondary' }}>
                {code.creator || '—'}
              </Typography>
            </TableCell>
            <TableCell
              align="right"
              sx={{ whiteSpace: 'nowrap', pr: 1, ...STICKY_RIGHT, bgcolor: 'background.paper' }}
            >
              {actions.onSimulateScan && (
                <Tooltip title="沙盒：模拟一位客户扫这个码加好友">
                  <span>
                    <Button
                      size="small"
                      color="secondary"
                      onClick={() => actions.onSimulateScan?.(code)}
                      disabled={busyIds.has(code.id)}
                      sx={{ minWidth: 0, px: 0.75 }}
                    >
                      模拟扫码
                    </Button>
                  </span>
                </Tooltip>
              )}
              <Button size="small" onClick={() => actions.onStats(code)} sx={{ minWidth: 0, px: 0.75 }}>
                统计
              </Button>
              <Button size="small" onClick={() => actions.onEdit(code)} sx={{ minWidth: 0, px: 0.75 }}>
                编辑
              </Button>
              <Button
                size="small"
                color="error"
                onClick={() => actions.onDelete(code)}
                sx={{ minWidth: 0, px: 0.75 }}
              >
                删除
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
