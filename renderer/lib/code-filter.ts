// The code list's filter bar as values, and how those values become a listCodes / exportCodes query.

import type { Dayjs } from 'dayjs'
import type { CodeFilter } from '../../common/schemas'
import { dayBounds, dayRangeProblem } from './day-range'

export interface CodeFilterValues {
  name: string
  start: Dayjs | null
  end: Dayjs | null
  creator: string
}

export const emptyFilter: CodeFilterValues = { name: '', start: null, end: null, creator: '' }

/** Returns a Chinese message when the values cannot form a query, else null. */
export function filterProblem(values: CodeFilterValues): string | null {
  return dayRangeProblem(values.start, values.end)
}

/**
 * The start date counts from its 00:00:00.000 and the end date includes its whole day (up to
 * 23:59:59.999), both in the workspace's time zone when given.
 */
export function filterToQuery(values: CodeFilterValues, timeZone?: string): CodeFilter {
  const query: CodeFilter = {}
  const name = values.name.trim()
  if (name) query.name = name
  const { from, to } = dayBounds(values.start, values.end, timeZone)
  if (from !== undefined) query.createdFrom = from
  if (to !== undefined) query.createdTo = to
  if (values.creator) query.creator = values.creator
  return query
}

export function isFiltered(query: CodeFilter): boolean {
  return Object.keys(query).length > 0
}
