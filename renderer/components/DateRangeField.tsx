// One date-range control: a field that shows the whole range (never cut off), opening a calendar
// where the first click picks the start and the second the end, with 今天 / 近7天 / 近30天 / 本月.
// A reversed pick says so inside the popover, so the filter bar never grows. MUI X's range picker
// is a paid edition; this builds the same behaviour from the free DateCalendar.

import { useState } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import IconButton from '@mui/material/IconButton'
import InputAdornment from '@mui/material/InputAdornment'
import Popover from '@mui/material/Popover'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { DateCalendar } from '@mui/x-date-pickers/DateCalendar'
import type { PickerDayOwnerStateBase } from '@mui/x-date-pickers/PickerDay'
import type { Dayjs } from 'dayjs'
import { rangeShortcuts, type DateRange } from '../lib/date-range'
import { CalendarIcon, CloseIcon } from './icons'

interface Props {
  label: string
  value: DateRange
  onChange: (range: DateRange) => void
  /** The workspace's zone: 今天 is today there. */
  timeZone?: string | undefined
  width?: number
}

const FORMAT = 'YYYY-MM-DD'

function rangeText({ start, end }: DateRange): string {
  if (!start && !end) return ''
  return `${start?.format(FORMAT) ?? '不限'} 至 ${end?.format(FORMAT) ?? '不限'}`
}

export function DateRangeField({ label, value, onChange, timeZone, width = 276 }: Props) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null)
  const [draft, setDraft] = useState<DateRange>(value)
  const [note, setNote] = useState<string | null>(null)
  const [hover, setHover] = useState<Dayjs | null>(null)

  const open = (el: HTMLElement) => {
    setDraft(value)
    setNote(null)
    setAnchor(el)
  }
  const close = () => setAnchor(null)
  const apply = (range: DateRange) => {
    onChange(range)
    close()
  }

  /** First click: the start; second: the end (the same day is a one-day range). */
  const pick = (day: Dayjs | null) => {
    if (!day) return
    if (!draft.start || draft.end) {
      setDraft({ start: day, end: null })
      setNote(null)
    } else if (day.isBefore(draft.start, 'day')) {
      setDraft({ start: day, end: null })
      setNote('结束日期早于开始日期，已改作新的开始日期')
    } else {
      setNote(null)
      apply({ start: draft.start, end: day })
    }
  }

  const until = draft.end ?? (draft.start && hover && !hover.isBefore(draft.start, 'day') ? hover : null)
  /** Each day's look from the owner state (a function, so the day slot keeps one component). */
  const dayProps = ({ day, isDayOutsideMonth }: PickerDayOwnerStateBase) => {
    const edge = Boolean(
      (draft.start && day.isSame(draft.start, 'day')) || (draft.end && day.isSame(draft.end, 'day')),
    )
    const inside = Boolean(
      draft.start && until && day.isAfter(draft.start, 'day') && day.isBefore(until, 'day'),
    )
    return {
      selected: edge,
      onMouseEnter: () => setHover(day),
      sx: inside && !isDayOutsideMonth ? { bgcolor: 'action.selected', borderRadius: 1 } : {},
    }
  }

  const text = rangeText(value)
  return (
    <>
      <TextField
        label={label}
        value={text}
        placeholder="开始日期 至 结束日期"
        onClick={(e) => open(e.currentTarget)}
        sx={{ width, '& input': { cursor: 'pointer' } }}
        slotProps={{
          inputLabel: { shrink: true },
          htmlInput: {
            readOnly: true,
            'aria-label': label,
            'aria-haspopup': 'dialog',
            onKeyDown: (e: React.KeyboardEvent<HTMLElement>) => {
              if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') {
                e.preventDefault()
                open(e.currentTarget)
              }
            },
          },
          input: {
            endAdornment: (
              <InputAdornment position="end">
                {text ? (
                  <IconButton
                    size="small"
                    edge="end"
                    aria-label={`清除${label}`}
                    onClick={(e) => {
                      e.stopPropagation()
                      onChange({ start: null, end: null })
                    }}
                  >
                    <CloseIcon fontSize="small" />
                  </IconButton>
                ) : (
                  <CalendarIcon fontSize="small" sx={{ color: 'text.disabled' }} />
                )}
              </InputAdornment>
            ),
          },
        }}
      />
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={close}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        slotProps={{ paper: { role: 'dialog', 'aria-label': `选择${label}` } }}
      >
        <Box sx={{ display: 'flex' }}>
          <Box
            sx={{
              display: 'flex',
              flexDirection: 'column',
              gap: 0.5,
              p: 1.5,
              borderRight: '1px solid',
              borderColor: 'divider',
            }}
          >
            {rangeShortcuts(timeZone).map((s) => (
              <Button
                key={s.label}
                size="small"
                onClick={() => apply(s.range)}
                sx={{ justifyContent: 'flex-start' }}
              >
                {s.label}
              </Button>
            ))}
            <Box sx={{ flex: 1 }} />
            <Button size="small" color="inherit" onClick={() => apply({ start: null, end: null })}>
              清除
            </Button>
          </Box>
          <Box sx={{ width: 320 }}>
            <Typography variant="body2" sx={{ px: 2.5, pt: 1.5, color: 'text.secondary' }}>
              {draft.start && !draft.end
                ? `开始 ${draft.start.format(FORMAT)}，再点结束日期`
                : '先点开始日期，再点结束日期'}
            </Typography>
            <DateCalendar
              value={draft.end ?? draft.start}
              onChange={pick}
              slotProps={{ day: dayProps }}
              {...(draft.start ? { referenceDate: draft.start } : {})}
            />
            <Typography
              role="status"
              variant="caption"
              sx={{ display: 'block', px: 2.5, pb: 1.5, mt: -1, minHeight: 20, color: 'warning.main' }}
            >
              {note ?? ''}
            </Typography>
          </Box>
        </Box>
      </Popover>
    </>
  )
}
