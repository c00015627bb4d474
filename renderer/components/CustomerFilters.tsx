// The customer list's filter bar: 客户名称 search, 所属员工, 添加日期 from–to, and 重置. The list
// follows the boxes as they change (no 查询 button: the drawer's list is small and answers at once).
// A reversed date range says so under the dates without pushing the table down.

import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import InputAdornment from '@mui/material/InputAdornment'
import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { DatePicker } from '@mui/x-date-pickers/DatePicker'
import type { MemberCount } from '../../common/domain'
import type { CustomerFilterState } from '../hooks/useCustomerFilter'
import { SearchIcon } from './icons'

interface Props {
  filter: CustomerFilterState
  /** The code's members and anyone serving its customers now. */
  members: MemberCount[]
}

/** Room under the bar for the date problem, so it never changes the bar's height. */
const PROBLEM_ROOM = 2.5

export function CustomerFilters({ filter, members }: Props) {
  const { values, set, reset, problem, active } = filter
  const dateField = (label: string) => ({
    textField: {
      size: 'small' as const,
      sx: { width: 190, '& .MuiPickersInputBase-root': { fontSize: 14 } },
      error: Boolean(problem),
      slotProps: { htmlInput: { 'aria-label': label } },
    },
    field: { clearable: true },
    calendarHeader: { format: 'YYYY年M月' },
  })

  return (
    <Box
      role="search"
      aria-label="筛选客户"
      sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1.5, mb: PROBLEM_ROOM }}
    >
      <TextField
        size="small"
        placeholder="搜索客户名称"
        value={values.name}
        onChange={(e) => set({ name: e.target.value })}
        sx={{ width: 170 }}
        slotProps={{
          htmlInput: { 'aria-label': '客户名称', maxLength: 64 },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" sx={{ color: 'text.disabled' }} />
              </InputAdornment>
            ),
          },
        }}
      />
      <TextField
        select
        size="small"
        label="所属员工"
        value={values.memberUserid}
        onChange={(e) => set({ memberUserid: e.target.value })}
        sx={{ width: 140 }}
        slotProps={{
          select: { displayEmpty: true },
          inputLabel: { shrink: true },
          htmlInput: { 'aria-label': '所属员工' },
        }}
      >
        <MenuItem value="">
          <Typography component="span" sx={{ color: 'text.secondary' }}>
            全部员工
          </Typography>
        </MenuItem>
        {members.map((m) => (
          <MenuItem key={m.userid} value={m.userid}>
            {m.name || m.userid}
          </MenuItem>
        ))}
      </TextField>
      <Box sx={{ position: 'relative', display: 'flex', alignItems: 'center', gap: 1 }}>
        <DatePicker
          label="添加开始日期"
          value={values.start}
          onChange={(start) => set({ start })}
          format="YYYY-MM-DD"
          slotProps={dateField('添加开始日期')}
        />
        <Typography sx={{ color: 'text.secondary' }}>至</Typography>
        <DatePicker
          label="添加结束日期"
          value={values.end}
          onChange={(end) => set({ end })}
          format="YYYY-MM-DD"
          slotProps={dateField('添加结束日期')}
        />
        {problem && (
          <Typography
            role="alert"
            variant="caption"
            sx={{
              position: 'absolute',
              top: '100%',
              left: 0,
              mt: 0.25,
              color: 'error.main',
              whiteSpace: 'nowrap',
            }}
          >
            {problem}
          </Typography>
        )}
      </Box>
      <Button onClick={reset} disabled={!active} sx={{ height: 40 }}>
        重置
      </Button>
    </Box>
  )
}
