// The code list's filter bar as values, and how those values become a listCodes / exportCodes query.

import dayjs, { type Dayjs } from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import type { CodeFilter } from '../../common/schemas'

dayjs.extend(utc)
dayjs.extend(timezone)

export interface CodeFilterValues {
  name: string
  start: Dayjs | null
  end: Dayjs | null
  creator: string
}

export const emptyFilter: CodeFilterValues = { name: '', start: null, end: null, creator: '' }

/** Returns a Chinese message when the values cannot form a query, else null. */
export function filterProblem(values: CodeFilterValues): string | null {
  if (values.start && !values.start.isValid()) return '开始日期无效'
  if (values.end && !values.end.isValid()) return '结束日期无效'
  if (values.start && values.end && values.start.isAfter(values.end, 'day')) return '开始日期不能晚于结束日期'
  return null
}

/** Midnight at the start of a calendar date, in `timeZone` (or the computer's zone). */
function dayStart(date: Dayjs, timeZone?: string): number {
  const ymd = date.format('YYYY-MM-DD')
  return timeZone ? dayjs.tz(ymd, timeZone).valueOf() : dayjs(ymd).startOf('day').valueOf()
}

/**
 * The start date counts from its 00:00:00.000 and the end date includes its whole day (up to
 * 23:59:59.999), both in the workspace's time zone when given.
 */
export function filterToQuery(values: CodeFilterValues, timeZone?: string): CodeFilter {
  const query: CodeFilter = {}
  const name = values.name.trim()
  if (name) query.name = name
  if (values.start?.isValid()) query.createdFrom = dayStart(values.start, timeZone)
  if (values.end?.isValid()) query.createdTo = dayStart(values.end.add(1, 'day'), timeZone) - 1
  if (values.creator) query.creator = values.creator
  return query
}

export function isFiltered(query: CodeFilter): boolean {
  return Object.keys(query).length > 0
}
