// The customer list's filter bar: 客户名称 search, 所属员工, 添加日期 (the same range control as the
// code list, shortcuts included), and 重置. The list follows the boxes as they change (no 查询 button:
// the drawer's list is small and answers at once).

import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import InputAdornment from '@mui/material/InputAdornment'
import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import type { MemberCount } from '../../common/domain'
import type { CustomerFilterState } from '../hooks/useCustomerFilter'
import { DateRangeField } from './DateRangeField'
import { SearchIcon } from './icons'

interface Props {
  filter: CustomerFilterState
  /** The code's members and anyone serving its customers now. */
  members: MemberCount[]
  /** The workspace's zone: 今天 in the date shortcuts is today there. */
  timeZone?: string | undefined
}

export function CustomerFilters({ filter, members, timeZone }: Props) {
  const { values, set, reset, active } = filter
  return (
    <Box
      role="search"
      aria-label="筛选客户"
      sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1.5, mb: 2 }}
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
      <DateRangeField
        label="添加日期"
        value={{ start: values.start, end: values.end }}
        onChange={({ start, end }) => set({ start, end })}
        timeZone={timeZone}
      />
      <Button onClick={reset} disabled={!active} sx={{ height: 40 }}>
        重置
      </Button>
    </Box>
  )
}
