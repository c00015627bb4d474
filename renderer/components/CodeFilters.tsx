// The code list's filter bar (渠道名称, 开始日期–结束日期, 创建人, 查询/重置). It reports the query on 查询.

import { useState, type FormEvent } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import InputAdornment from '@mui/material/InputAdornment'
import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { DatePicker } from '@mui/x-date-pickers/DatePicker'
import type { CodeFilter } from '../../common/schemas'
import { CODE_NAME_MAX } from '../../common/limits'
import { emptyFilter, filterProblem, filterToQuery, type CodeFilterValues } from '../lib/code-filter'
import { SearchIcon } from './icons'

interface Props {
  creators: string[]
  /** The workspace's zone: dates mean whole days there. */
  timeZone?: string | undefined
  onQuery: (query: CodeFilter) => void
}

export function CodeFilters({ creators, timeZone, onQuery }: Props) {
  const [values, setValues] = useState<CodeFilterValues>(emptyFilter)
  const problem = filterProblem(values)
  const set = (patch: Partial<CodeFilterValues>) => setValues((v) => ({ ...v, ...patch }))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (problem) return
    onQuery(filterToQuery(values, timeZone))
  }

  const reset = () => {
    setValues(emptyFilter)
    onQuery({})
  }

  return (
    <Box
      component="form"
      onSubmit={submit}
      role="search"
      aria-label="筛选活码"
      sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: 1.5 }}
    >
      <TextField
        placeholder="请输入渠道名称"
        value={values.name}
        onChange={(e) => set({ name: e.target.value })}
        sx={{ width: 220 }}
        slotProps={{
          htmlInput: { 'aria-label': '渠道名称', maxLength: CODE_NAME_MAX },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" sx={{ color: 'text.disabled' }} />
              </InputAdornment>
            ),
          },
        }}
      />
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
        <DatePicker
          label="开始日期"
          value={values.start}
          onChange={(start) => set({ start })}
          {...(values.end ? { maxDate: values.end } : {})}
          format="YYYY-MM-DD"
          slotProps={{
            textField: { size: 'small', sx: { width: 170 }, error: Boolean(problem) },
            field: { clearable: true },
            calendarHeader: { format: 'YYYY年M月' },
          }}
        />
        <Typography sx={{ color: 'text.secondary', lineHeight: '40px' }}>至</Typography>
        <DatePicker
          label="结束日期"
          value={values.end}
          onChange={(end) => set({ end })}
          {...(values.start ? { minDate: values.start } : {})}
          format="YYYY-MM-DD"
          slotProps={{
            textField: {
              size: 'small',
              sx: { width: 170 },
              error: Boolean(problem),
              ...(problem ? { helperText: problem } : {}),
            },
            field: { clearable: true },
            calendarHeader: { format: 'YYYY年M月' },
          }}
        />
      </Box>
      <TextField
        select
        label="创建人"
        value={values.creator}
        onChange={(e) => set({ creator: e.target.value })}
        sx={{ width: 170 }}
        slotProps={{
          select: { displayEmpty: true },
          inputLabel: { shrink: true },
          htmlInput: { 'aria-label': '创建人' },
        }}
      >
        <MenuItem value="">
          <Typography component="span" sx={{ color: 'text.secondary' }}>
            全部创建人
          </Typography>
        </MenuItem>
        {creators.map((c) => (
          <MenuItem key={c} value={c}>
            {c}
          </MenuItem>
        ))}
      </TextField>
      <Button type="submit" variant="contained" disabled={Boolean(problem)} sx={{ height: 40, px: 3 }}>
        查询
      </Button>
      <Button onClick={reset} sx={{ height: 40 }}>
        重置
      </Button>
    </Box>
  )
}
