// 定时开启: the weekly auto-accept windows, one row per weekday. Add windows per day, set start and end,
// copy a day to others, and see overlaps or reversed times right under the day (common/schedule.ts).

import { useState } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Divider from '@mui/material/Divider'
import IconButton from '@mui/material/IconButton'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import type { ScheduleWindow } from '../../common/domain'
import { weekdayName } from '../../common/schedule'
import {
  addWindow,
  clearDay,
  copyDay,
  dayProblem,
  removeWindow,
  timeOf,
  updateWindow,
  WEEKDAYS,
  windowsOfDay,
  WORKDAYS,
  workdayPreset,
} from '../lib/schedule-ops'
import { FieldError } from './FormRow'
import { AddIcon, CloseIcon, CopyIcon } from './icons'

interface Props {
  id: string
  value: ScheduleWindow[]
  onChange: (windows: ScheduleWindow[]) => void
  error?: string | undefined
  timeZone: string
  /** The words for what the windows mean (default: auto-accept's); member schedules say their own. */
  wording?: { intro: string; emptyDay: string }
}

const HALF_HOURS = Array.from({ length: 49 }, (_, i) => timeOf(i * 30))

function timeOptions(current: string): string[] {
  return HALF_HOURS.includes(current) ? HALF_HOURS : [...HALF_HOURS, current].sort()
}

export function ScheduleEditor({ id, value, onChange, error, timeZone, wording }: Props) {
  const [copyFrom, setCopyFrom] = useState<{ day: number; anchor: HTMLElement } | null>(null)
  const dayErrors = WEEKDAYS.map((d) => dayProblem(value, d))
  // The overall message repeats a day's message; show it only when no day row shows one.
  const overall = error && !dayErrors.some(Boolean) ? error : undefined

  const copyTo = (days: number[]) => {
    if (copyFrom) onChange(copyDay(value, copyFrom.day, days))
    setCopyFrom(null)
  }

  return (
    <Box id={id} tabIndex={-1} sx={{ outline: 'none' }}>
      <Typography variant="caption" component="div" sx={{ color: 'text.secondary' }}>
        {wording?.intro ?? '在以下时段内，客户扫码添加将自动通过，其余时间需要员工手动通过'}（时区：{timeZone}
        ）。
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, my: 0.5 }}>
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>
          快捷设置：
        </Typography>
        <Button size="small" onClick={() => onChange(workdayPreset())}>
          工作日 09:00–18:00
        </Button>
        <Button
          size="small"
          onClick={() => onChange(WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' })))}
        >
          每天全天
        </Button>
        <Button size="small" color="inherit" onClick={() => onChange([])} disabled={!value.length}>
          清空
        </Button>
      </Box>
      <Box
        sx={{
          border: '1px solid',
          borderColor: error ? 'error.main' : 'divider',
          borderRadius: 1,
          overflow: 'hidden',
        }}
      >
        {WEEKDAYS.map((day, i) => {
          const windows = windowsOfDay(value, day)
          const problem = dayErrors[i]
          return (
            <Box
              key={day}
              data-testid={`schedule-day-${day}`}
              sx={{
                display: 'grid',
                gridTemplateColumns: '52px 1fr auto',
                alignItems: 'flex-start',
                gap: 1,
                px: 1.5,
                py: 1,
                borderTop: i ? '1px solid' : 'none',
                borderColor: 'divider',
                bgcolor: problem ? '#fff6f5' : i >= 5 ? '#fafbfc' : 'transparent',
              }}
            >
              <Typography variant="body2" sx={{ fontWeight: 600, lineHeight: '32px' }}>
                {weekdayName(day)}
              </Typography>
              <Box sx={{ minWidth: 0 }}>
                <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
                  {windows.length === 0 && (
                    <Typography variant="body2" sx={{ color: 'text.disabled', lineHeight: '32px' }}>
                      {wording?.emptyDay ?? '不自动通过'}
                    </Typography>
                  )}
                  {windows.map(({ window: w, index }) => (
                    <Box
                      key={index}
                      sx={{
                        display: 'flex',
                        alignItems: 'center',
                        gap: 0.5,
                        pl: 1,
                        pr: 0.25,
                        borderRadius: 1,
                        bgcolor: 'primary.light',
                      }}
                    >
                      <TimeSelect
                        label={`${weekdayName(day)}第${windows.findIndex((x) => x.index === index) + 1}段开始`}
                        value={w.start}
                        onChange={(start) => onChange(updateWindow(value, index, { start }))}
                      />
                      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                        至
                      </Typography>
                      <TimeSelect
                        label={`${weekdayName(day)}第${windows.findIndex((x) => x.index === index) + 1}段结束`}
                        value={w.end}
                        onChange={(end) => onChange(updateWindow(value, index, { end }))}
                      />
                      <IconButton
                        size="small"
                        aria-label={`删除${weekdayName(day)} ${w.start}–${w.end}`}
                        onClick={() => onChange(removeWindow(value, index))}
                      >
                        <CloseIcon sx={{ fontSize: 16 }} />
                      </IconButton>
                    </Box>
                  ))}
                </Box>
                {problem && <FieldError message={problem} />}
              </Box>
              <Box sx={{ display: 'flex', gap: 0.5 }}>
                <Tooltip title="添加时段">
                  <IconButton
                    size="small"
                    aria-label={`${weekdayName(day)}添加时段`}
                    onClick={() => onChange(addWindow(value, day))}
                  >
                    <AddIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
                <Tooltip title="复制到其他天">
                  <span>
                    <IconButton
                      size="small"
                      aria-label={`复制${weekdayName(day)}的时段到其他天`}
                      disabled={!windows.length}
                      onClick={(e) => setCopyFrom({ day, anchor: e.currentTarget })}
                    >
                      <CopyIcon fontSize="small" />
                    </IconButton>
                  </span>
                </Tooltip>
              </Box>
            </Box>
          )
        })}
      </Box>
      <FieldError message={overall} />
      <Menu anchorEl={copyFrom?.anchor} open={copyFrom !== null} onClose={() => setCopyFrom(null)}>
        <MenuItem onClick={() => copyTo(WORKDAYS)}>复制到工作日（周一至周五）</MenuItem>
        <MenuItem onClick={() => copyTo([...WEEKDAYS])}>复制到每一天</MenuItem>
        <MenuItem onClick={() => copyTo([6, 7])}>复制到周末</MenuItem>
        <Divider />
        {WEEKDAYS.filter((d) => d !== copyFrom?.day).map((d) => (
          <MenuItem key={d} onClick={() => copyTo([d])}>
            复制到{weekdayName(d)}
          </MenuItem>
        ))}
        <Divider />
        <MenuItem
          onClick={() => {
            if (copyFrom) onChange(clearDay(value, copyFrom.day))
            setCopyFrom(null)
          }}
          sx={{ color: 'error.main' }}
        >
          清空{copyFrom ? weekdayName(copyFrom.day) : ''}
        </MenuItem>
      </Menu>
    </Box>
  )
}

function TimeSelect({
  label,
  value,
  onChange,
}: {
  label: string
  value: string
  onChange: (v: string) => void
}) {
  return (
    <TextField
      select
      variant="standard"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      slotProps={{
        htmlInput: { 'aria-label': label },
        input: { disableUnderline: true },
        select: { MenuProps: { slotProps: { paper: { sx: { maxHeight: 280 } } } } },
      }}
      sx={{ '& .MuiSelect-select': { py: 0.5, fontSize: 14, fontVariantNumeric: 'tabular-nums' } }}
    >
      {timeOptions(value).map((t) => (
        <MenuItem key={t} value={t} dense>
          {t}
        </MenuItem>
      ))}
    </TextField>
  )
}
