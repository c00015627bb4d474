// A 开始日期–结束日期 pair as the filters use it: whole calendar days in the workspace's zone, the
// end day included up to its last millisecond, so the server compares plain instants.

import dayjs, { type Dayjs } from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)
dayjs.extend(timezone)

/** Returns a Chinese message when the dates cannot form a range, else null. */
export function dayRangeProblem(start: Dayjs | null, end: Dayjs | null): string | null {
  if (start && !start.isValid()) return '开始日期无效'
  if (end && !end.isValid()) return '结束日期无效'
  if (start && end && start.isAfter(end, 'day')) return '开始日期不能晚于结束日期'
  return null
}

/** Midnight at the start of a calendar date, in `timeZone` (or the computer's zone). */
export function dayStart(date: Dayjs, timeZone?: string): number {
  const ymd = date.format('YYYY-MM-DD')
  return timeZone ? dayjs.tz(ymd, timeZone).valueOf() : dayjs(ymd).startOf('day').valueOf()
}

/** The first instant of the start day and the last of the end day; a missing or invalid date is open. */
export function dayBounds(
  start: Dayjs | null,
  end: Dayjs | null,
  timeZone?: string,
): { from?: number; to?: number } {
  const bounds: { from?: number; to?: number } = {}
  if (start?.isValid()) bounds.from = dayStart(start, timeZone)
  if (end?.isValid()) bounds.to = dayStart(end.add(1, 'day'), timeZone) - 1
  return bounds
}
