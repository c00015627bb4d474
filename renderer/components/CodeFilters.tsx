// The code list's filter bar (渠道名称, 创建日期, 创建人, 查询/重置). The page owns the values, so
// 清除筛选 in the empty state clears the boxes too; the query is reported on 查询.

import type { FormEvent } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import InputAdornment from '@mui/material/InputAdornment'
import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import type { CodeFilter } from '../../common/schemas'
import { CODE_NAME_MAX } from '../../common/limits'
import { emptyFilter, filterProblem, filterToQuery, type CodeFilterValues } from '../lib/code-filter'
import { DateRangeField } from './DateRangeField'
import { SearchIcon } from './icons'

interface Props {
  creators: string[]
  /** The workspace's zone: dates mean whole days there. */
  timeZone?: string | undefined
  values: CodeFilterValues
  onChange: (values: CodeFilterValues) => void
  onQuery: (query: CodeFilter) => void
}

export function CodeFilters({ creators, timeZone, values, onChange, onQuery }: Props) {
  const problem = filterProblem(values)
  const set = (patch: Partial<CodeFilterValues>) => onChange({ ...values, ...patch })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (problem) return
    onQuery(filterToQuery(values, timeZone))
  }

  const reset = () => {
    onChange(emptyFilter)
    onQuery({})
  }

  return (
    <Box
      component="form"
      onSubmit={submit}
      role="search"
      aria-label="筛选活码"
      sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1.5 }}
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
      <DateRangeField
        label="创建日期"
        value={{ start: values.start, end: values.end }}
        onChange={({ start, end }) => set({ start, end })}
        timeZone={timeZone}
      />
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
