// The code list's table: checkbox, name, QR thumbnail + 下载, the three figures (sortable, to compare
// channels), link + 复制, tags, created time, actions. Its header stays put while the rows scroll.

import { RoutingAlertChip } from './RoutingAlertChip'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import Chip from '@mui/material/Chip'
import IconButton from '@mui/material/IconButton'
import Link from '@mui/material/Link'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import TableSortLabel from '@mui/material/TableSortLabel'
import { alpha, type Theme } from '@mui/material/styles'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import type { CodeListItem, CodeSummary, TagGroup } from '../../common/domain'
import type { CodeSort } from '../../common/schemas'
import { formatDateMinute, formatDateTime, truncateMiddle } from '../lib/format'
import { CodeRowMenu } from './CodeRowMenu'
import { CopyButton } from './CopyButton'
import { DownloadIcon } from './icons'
import { QrThumb } from './QrThumb'
import { TagChips } from './TagChips'

/** Keeps 操作 visible when a narrow window scrolls the table sideways. */
const STICKY_RIGHT = { position: 'sticky', right: 0, zIndex: 1 } as const

/**
 * The pinned 操作 cell is opaque (rows scroll under it), so it paints the row's hover and selected
 * tints itself, the same colours MUI gives the row.
 */
const tint = (colour: string) => `linear-gradient(${colour}, ${colour})`
const rowSx = (theme: Theme) => {
  const selected = alpha(theme.palette.primary.main, theme.palette.action.selectedOpacity)
  const selectedHover = alpha(
    theme.palette.primary.main,
    theme.palette.action.selectedOpacity + theme.palette.action.hoverOpacity,
  )
  return {
    '&:hover > .pinned': { backgroundImage: tint(theme.palette.action.hover) },
    '&.Mui-selected > .pinned': { backgroundImage: tint(selected) },
    '&.Mui-selected:hover > .pinned': { backgroundImage: tint(selectedHover) },
  }
}

type Figure = Exclude<CodeSort['by'], 'createdAt'>
const FIGURES: [Figure, string][] = [
  ['current', '当前客户数'],
  ['lost', '流失客户数'],
  ['cumulative', '积累引流数'],
]

/** A figure's header: the first click sorts most first, the second fewest first, the third resets. */
function nextSort(sort: CodeSort | undefined, by: CodeSort['by']): CodeSort | undefined {
  if (sort?.by !== by) return { by, dir: 'desc' }
  return sort.dir === 'desc' ? { by, dir: 'asc' } : undefined
}

export interface CodeRowActions {
  onDownload: (code: CodeSummary) => void
  onEdit: (code: CodeSummary) => void
  onDelete: (code: CodeSummary) => void
  onStats: (code: CodeSummary) => void
  /** Sandbox only. */
  onSimulateScan?: ((code: CodeSummary) => void) | undefined
  /** The QR thumbnail's menu (CodeRowMenu). */
  onMoveToGroup?: ((code: CodeSummary) => void) | undefined
  onQrStyle?: ((code: CodeSummary) => void) | undefined
}

interface Props extends CodeRowActions {
  items: CodeListItem[]
  sort: CodeSort | undefined
  onSort: (sort: CodeSort | undefined) => void
  groups: TagGroup[]
  selected: ReadonlySet<number>
  onToggle: (id: number) => void
  onToggleAll: (ids: number[], select: boolean) => void
  busyIds: ReadonlySet<number>
  /** 路由告警 by code state (smart routing left a code with nobody to take its adds). */
  routingAlerts?: ReadonlyMap<string, string>
}

export function CodeTable({
  routingAlerts,
  items,
  groups,
  selected,
  onToggle,
  onToggleAll,
  busyIds,
  sort,
  onSort,
  ...actions
}: Props) {
  const ids = items.map((c) => c.id)
  const selectedHere = ids.filter((id) => selected.has(id)).length
  const all = ids.length > 0 && selectedHere === ids.length

  return (
    <Table
      size="small"
      stickyHeader
      aria-label="渠道活码列表"
      sx={{
        minWidth: 940,
        // Tight side padding: at 1280 px every column fits without sideways scrolling.
        '& th, & td': { px: 1 },
        '& th': { fontSize: 13.5 },
        '& th .MuiTableSortLabel-icon': { mx: 0.25 },
        '& tbody td': { py: 0.5 },
      }}
    >
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox" sx={{ width: 40 }}>
            <Checkbox
              size="small"
              checked={all}
              indeterminate={selectedHere > 0 && !all}
              onChange={() => onToggleAll(ids, !all)}
              slotProps={{ input: { 'aria-label': '全选本页' } }}
            />
          </TableCell>
          <TableCell>渠道名称</TableCell>
          <TableCell>渠道活码</TableCell>
          {FIGURES.map(([by, label]) => (
            <TableCell
              key={by}
              align="right"
              sortDirection={sort?.by === by ? sort.dir : false}
              sx={{ whiteSpace: 'nowrap', px: 1 }}
            >
              <TableSortLabel
                active={sort?.by === by}
                hideSortIcon={sort?.by !== by}
                direction={sort?.by === by ? sort.dir : 'desc'}
                onClick={() => onSort(nextSort(sort, by))}
              >
                {label}
              </TableSortLabel>
            </TableCell>
          ))}
          <TableCell>活码链接</TableCell>
          <TableCell>预设标签</TableCell>
          <TableCell
            sortDirection={sort?.by === 'createdAt' ? sort.dir : false}
            sx={{ whiteSpace: 'nowrap' }}
          >
            <TableSortLabel
              active={sort?.by === 'createdAt'}
              hideSortIcon={sort?.by !== 'createdAt'}
              direction={sort?.by === 'createdAt' ? sort.dir : 'desc'}
              onClick={() => onSort(nextSort(sort, 'createdAt'))}
            >
              创建时间
            </TableSortLabel>
          </TableCell>
          <TableCell align="right" sx={{ pr: 2, ...STICKY_RIGHT, zIndex: 3 }}>
            操作
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map((code) => (
          <TableRow key={code.id} hover selected={selected.has(code.id)} sx={rowSx}>
            <TableCell padding="checkbox" sx={{ width: 40 }}>
              <Checkbox
                size="small"
                sx={{ p: 0.5 }}
                checked={selected.has(code.id)}
                onChange={() => onToggle(code.id)}
                slotProps={{ input: { 'aria-label': `选择 ${code.name}` } }}
              />
            </TableCell>
            <TableCell sx={{ minWidth: 128, maxWidth: 240 }}>
              {/* One line: the name (ellipsis, whole in the tooltip, never broken mid-word) and its
                  people; the state chips take a second line only when there are any. */}
              <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, minWidth: 0 }}>
                <Tooltip title={code.name} enterDelay={600}>
                  <Link
                    component="button"
                    underline="hover"
                    onClick={() => actions.onStats(code)}
                    sx={{
                      fontWeight: 600,
                      color: 'text.primary',
                      textAlign: 'left',
                      fontSize: 14,
                      whiteSpace: 'nowrap',
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      minWidth: 0,
                    }}
                  >
                    {code.name}
                  </Link>
                </Tooltip>
                <Typography variant="caption" sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}>
                  {/* Every code is a multi-member way (type 2) now, so the caption counts people. */}
                  {`${code.memberUserids.length} 人`}
                </Typography>
              </Box>
              {(code.relayState === 'pending' || code.autoAcceptIssue || code.origin === 'imported') && (
                <Box sx={{ display: 'flex', gap: 0.5, mt: 0.25, alignItems: 'center', flexWrap: 'wrap' }}>
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
              )}
              <RoutingAlertChip alert={routingAlerts?.get(code.state)} />
            </TableCell>
            <TableCell sx={{ py: 0.5 }}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.25 }}>
                {/* Small in the row so more rows fit; hovering shows it large enough to scan. */}
                {/* Opens to the left and ignores the pointer, so it never covers or catches the
                    下载 button beside the thumbnail. */}
                <Tooltip
                  placement="left"
                  disableInteractive
                  enterDelay={200}
                  title={<QrThumb id={code.id} version={code.updatedAt} name={code.name} size={180} />}
                  slotProps={{ tooltip: { sx: { bgcolor: 'background.paper', boxShadow: 3, p: 1 } } }}
                >
                  <Box data-testid="qr-thumb">
                    {/* A click opens the code's QR menu (样式, 分组): no extra column width at 1280. */}
                    <CodeRowMenu
                      code={code}
                      onDownload={actions.onDownload}
                      onMoveToGroup={actions.onMoveToGroup}
                      onQrStyle={actions.onQrStyle}
                    >
                      <QrThumb id={code.id} version={code.updatedAt} name={code.name} size={32} />
                    </CodeRowMenu>
                  </Box>
                </Tooltip>
                <Tooltip title="下载二维码">
                  <span>
                    <IconButton
                      size="small"
                      aria-label={`下载 ${code.name} 的二维码`}
                      onClick={() => actions.onDownload(code)}
                      disabled={busyIds.has(code.id)}
                    >
                      <DownloadIcon fontSize="small" />
                    </IconButton>
                  </span>
                </Tooltip>
              </Box>
            </TableCell>
            {FIGURES.map(([by, label]) => (
              <TableCell
                key={by}
                align="right"
                aria-label={`${label} ${code.counts[by]}`}
                sx={{ px: 1, fontVariantNumeric: 'tabular-nums', fontWeight: by === 'current' ? 600 : 400 }}
              >
                {code.counts[by].toLocaleString('zh-CN')}
              </TableCell>
            ))}
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
                <Tooltip title={code.qrUrl}>
                  <Typography
                    variant="body2"
                    sx={{
                      color: 'text.secondary',
                      fontSize: 12.5,
                      whiteSpace: 'nowrap',
                      // A fixed width, so every row's 复制 lines up under the one above. Below 1440 px
                      // only 复制 stays (the link is in the tooltip), so the table fits at 1280.
                      width: 140,
                      '@media (max-width: 1439.95px)': { display: 'none' },
                      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
                    }}
                  >
                    {truncateMiddle(code.qrUrl.replace(/^https?:\/\//, ''), 18)}
                  </Typography>
                </Tooltip>
                <Tooltip title={code.qrUrl}>
                  <span>
                    <CopyButton text={code.qrUrl} what="活码链接" />
                  </span>
                </Tooltip>
              </Box>
            </TableCell>
            <TableCell sx={{ minWidth: 88, maxWidth: 240 }}>
              <TagChips tagIds={code.tagIds} groups={groups} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {/* Two tight lines, so the row stays as short as the QR thumbnail. */}
              <Tooltip title={formatDateTime(code.createdAt)} enterDelay={600}>
                <Typography variant="body2" sx={{ lineHeight: 1.3 }}>
                  {formatDateMinute(code.createdAt)}
                </Typography>
              </Tooltip>
              <Typography
                variant="caption"
                sx={{ color: 'text.secondary', display: 'block', lineHeight: 1.2 }}
              >
                {code.creator || '—'}
              </Typography>
            </TableCell>
            <TableCell
              align="right"
              className="pinned"
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
                      sx={{ minWidth: 0, px: 0.5 }}
                    >
                      模拟扫码
                    </Button>
                  </span>
                </Tooltip>
              )}
              <Button size="small" onClick={() => actions.onStats(code)} sx={{ minWidth: 0, px: 0.5 }}>
                统计
              </Button>
              <Button size="small" onClick={() => actions.onEdit(code)} sx={{ minWidth: 0, px: 0.5 }}>
                编辑
              </Button>
              <Button
                size="small"
                color="error"
                onClick={() => actions.onDelete(code)}
                sx={{ minWidth: 0, px: 0.5 }}
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
