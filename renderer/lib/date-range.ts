// A range of calendar dates (the filter bars' 日期 control) and its shortcuts, counted in the
// workspace's zone: 今天 at 00:30 in Shanghai is Shanghai's date, whatever the computer's zone.

import dayjs, { type Dayjs } from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)
dayjs.extend(timezone)

export interface DateRange {
  start: Dayjs | null
  end: Dayjs | null
}

/** Today's calendar date in `timeZone` (or the computer's), as a plain local date. */
export function todayIn(timeZone?: string, now: number = Date.now()): Dayjs {
  const ymd = timeZone ? dayjs(now).tz(timeZone).format('YYYY-MM-DD') : dayjs(now).format('YYYY-MM-DD')
  return dayjs(ymd)
}

export function rangeShortcuts(
  timeZone?: string,
  now: number = Date.now(),
): { label: string; range: DateRange }[] {
  const today = todayIn(timeZone, now)
  return [
    { label: '今天', range: { start: today, end: today } },
    { label: '近7天', range: { start: today.subtract(6, 'day'), end: today } },
    { label: '近30天', range: { start: today.subtract(29, 'day'), end: today } },
    { label: '本月', range: { start: today.startOf('month'), end: today } },
  ]
}
