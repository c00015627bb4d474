// The code list's groups: 全部活码, 未分组 and each group with its code count and figures (当前 / 流失
// / 累计). Beside the table on wide windows (a folder list); on narrower ones the same list opens from
// a button in the table's toolbar, so the table keeps its width and its rows at 1280 × 720. Each
// group's ⋯ offers 重命名 and 删除分组.

import { useState, type MouseEvent } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Divider from '@mui/material/Divider'
import IconButton from '@mui/material/IconButton'
import List from '@mui/material/List'
import ListItemButton from '@mui/material/ListItemButton'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import Paper from '@mui/material/Paper'
import Popover from '@mui/material/Popover'
import Skeleton from '@mui/material/Skeleton'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import {
  UNGROUPED_LABEL,
  type CodeGroup,
  type CodeGroupList,
  type CodeGroupTotals,
} from '../../common/code-groups'
import { AddIcon } from './icons'
import { AllCodesIcon, ExpandIcon, FolderIcon, FolderOpenIcon, MoreIcon } from './group-icons'

/** undefined: every code; 0: 未分组; otherwise a group's id. */
export type GroupSelection = number | undefined

interface Props {
  data: CodeGroupList | undefined
  selected: GroupSelection
  onSelect: (selection: GroupSelection) => void
  onCreate: () => void
  onRename: (group: CodeGroup) => void
  onDelete: (group: CodeGroup & CodeGroupTotals) => void
  variant: 'side' | 'menu'
}

const n = (v: number) => v.toLocaleString('zh-CN')

function figures(t: CodeGroupTotals): string {
  return `当前 ${n(t.counts.current)} · 流失 ${n(t.counts.lost)} · 累计 ${n(t.counts.cumulative)}`
}

interface Row {
  key: string
  selection: GroupSelection
  label: string
  totals: CodeGroupTotals
  group?: CodeGroup & CodeGroupTotals
}

function rowsOf(data: CodeGroupList): Row[] {
  return [
    { key: 'all', selection: undefined, label: '全部活码', totals: data.all },
    { key: 'none', selection: 0, label: UNGROUPED_LABEL, totals: data.ungrouped },
    ...data.groups.map((g) => ({ key: `g${g.id}`, selection: g.id, label: g.name, totals: g, group: g })),
  ]
}

export function CodeGroupPanel({ data, selected, onSelect, onCreate, onRename, onDelete, variant }: Props) {
  const [popover, setPopover] = useState<HTMLElement | null>(null)
  const [menu, setMenu] = useState<{ anchor: HTMLElement; group: CodeGroup & CodeGroupTotals } | null>(null)
  const openMenu = (event: MouseEvent<HTMLElement>, group: CodeGroup & CodeGroupTotals) => {
    event.stopPropagation()
    setMenu({ anchor: event.currentTarget, group })
  }
  const rows = data ? rowsOf(data) : []
  const menuEl = (
    <Menu anchorEl={menu?.anchor} open={menu !== null} onClose={() => setMenu(null)}>
      <MenuItem
        onClick={() => {
          if (menu) onRename(menu.group)
          setMenu(null)
          setPopover(null)
        }}
      >
        重命名
      </MenuItem>
      <MenuItem
        sx={{ color: 'error.main' }}
        onClick={() => {
          if (menu) onDelete(menu.group)
          setMenu(null)
          setPopover(null)
        }}
      >
        删除分组
      </MenuItem>
    </Menu>
  )

  const list = (afterSelect?: () => void) => (
    <GroupList
      data={data}
      rows={rows}
      selected={selected}
      onSelect={(selection) => {
        onSelect(selection)
        afterSelect?.()
      }}
      onCreate={() => {
        afterSelect?.()
        onCreate()
      }}
      openMenu={openMenu}
    />
  )

  if (variant === 'menu') {
    const current = rows.find((r) => r.selection === selected)
    return (
      <>
        <Button
          variant="outlined"
          color={selected === undefined ? 'inherit' : 'primary'}
          aria-label={`分组筛选：${current?.label ?? '全部活码'}`}
          aria-haspopup="dialog"
          startIcon={<FolderIcon fontSize="small" />}
          endIcon={<ExpandIcon />}
          onClick={(e) => setPopover(e.currentTarget)}
          sx={{
            borderColor: 'divider',
            maxWidth: 220,
            '& .label': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
          }}
        >
          <span className="label">{current?.label ?? '全部活码'}</span>
          {current && (
            <Box
              component="span"
              sx={{ ml: 0.75, color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}
            >
              {n(current.totals.codeCount)}
            </Box>
          )}
        </Button>
        <Popover
          open={popover !== null}
          anchorEl={popover}
          onClose={() => setPopover(null)}
          anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
          slotProps={{
            paper: {
              'aria-label': '活码分组',
              role: 'dialog',
              sx: { width: 264, maxHeight: 440, display: 'flex', flexDirection: 'column', mt: 0.5 },
            },
          }}
        >
          {list(() => setPopover(null))}
        </Popover>
        {menuEl}
      </>
    )
  }

  return (
    <Paper
      variant="outlined"
      component="nav"
      aria-label="活码分组"
      sx={{ width: 224, flexShrink: 0, display: 'flex', flexDirection: 'column', minHeight: 0 }}
    >
      {list()}
      {menuEl}
    </Paper>
  )
}

interface ListProps {
  data: CodeGroupList | undefined
  rows: Row[]
  selected: GroupSelection
  onSelect: (selection: GroupSelection) => void
  onCreate: () => void
  openMenu: (event: MouseEvent<HTMLElement>, group: CodeGroup & CodeGroupTotals) => void
}

/** The header and the rows, beside the table or inside the toolbar's popover. */
function GroupList({ data, rows, selected, onSelect, onCreate, openMenu }: ListProps) {
  return (
    <>
      <Box sx={{ display: 'flex', alignItems: 'center', px: 2, pt: 1.25, pb: 0.75 }}>
        <Typography variant="subtitle2" sx={{ flex: 1 }}>
          分组
        </Typography>
        <Tooltip title="新建分组">
          <IconButton size="small" aria-label="新建分组" onClick={onCreate}>
            <AddIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </Box>
      <Divider />
      <List dense disablePadding sx={{ overflow: 'auto', flex: 1, py: 0.5 }}>
        {!data && [0, 1, 2].map((i) => <Skeleton key={i} height={44} sx={{ mx: 2 }} />)}
        {rows.map((row, i) => {
          const active = row.selection === selected
          const RowIcon = row.selection === undefined ? AllCodesIcon : row.group ? FolderIcon : FolderOpenIcon
          return (
            <Box key={row.key}>
              {i === 2 && <Divider sx={{ my: 0.5, mx: 2 }} />}
              <ListItemButton
                selected={active}
                aria-current={active ? 'true' : undefined}
                aria-label={`${row.label} ${row.totals.codeCount} 个活码，${figures(row.totals)}`}
                onClick={() => onSelect(row.selection)}
                sx={{
                  mx: 0.75,
                  borderRadius: 1,
                  py: 0.5,
                  alignItems: 'flex-start',
                  gap: 1,
                  '& .group-more': { visibility: active ? 'visible' : 'hidden' },
                  '&:hover .group-more, &:focus-within .group-more': { visibility: 'visible' },
                }}
              >
                <RowIcon
                  fontSize="small"
                  sx={{ mt: 0.25, color: active ? 'primary.main' : row.group ? '#f0b429' : 'text.secondary' }}
                />
                <Box sx={{ flex: 1, minWidth: 0 }}>
                  <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1 }}>
                    <Typography
                      variant="body2"
                      sx={{
                        flex: 1,
                        minWidth: 0,
                        fontWeight: active ? 600 : 500,
                        whiteSpace: 'nowrap',
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                      }}
                      title={row.label}
                    >
                      {row.label}
                    </Typography>
                    <Typography
                      variant="caption"
                      sx={{ color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}
                    >
                      {n(row.totals.codeCount)}
                    </Typography>
                  </Box>
                  <Typography
                    variant="caption"
                    sx={{ color: 'text.secondary', display: 'block', whiteSpace: 'nowrap', fontSize: 11.5 }}
                  >
                    {figures(row.totals)}
                  </Typography>
                </Box>
                {row.group ? (
                  <IconButton
                    className="group-more"
                    size="small"
                    aria-label={`管理分组 ${row.label}`}
                    onClick={(e) => openMenu(e, row.group!)}
                    sx={{ p: 0.25, mr: -0.75, mt: 0.125 }}
                  >
                    <MoreIcon fontSize="small" />
                  </IconButton>
                ) : (
                  <Box sx={{ width: 22, mr: -0.75 }} />
                )}
              </ListItemButton>
            </Box>
          )
        })}
        {data && data.groups.length === 0 && (
          <Typography variant="caption" sx={{ display: 'block', color: 'text.secondary', px: 2, py: 1 }}>
            按门店、活动或海报批次建几个分组，就能分开统计各组的引流效果。
          </Typography>
        )}
      </List>
    </>
  )
}
