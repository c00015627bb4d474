// The customer list's filter boxes as values, and how they become a listCodeCustomers /
// exportCodeCustomers filter (dates as whole days in the workspace's zone, like the code list).

import type { Dayjs } from 'dayjs'
import type { CustomerFilter } from '../../common/schemas'
import { dayBounds, dayRangeProblem } from './day-range'

export interface CustomerFilterValues {
  name: string
  /** '' = every member. */
  memberUserid: string
  start: Dayjs | null
  end: Dayjs | null
}

export const emptyCustomerFilter: CustomerFilterValues = {
  name: '',
  memberUserid: '',
  start: null,
  end: null,
}

export function customerFilterProblem(values: CustomerFilterValues): string | null {
  return dayRangeProblem(values.start, values.end)
}

export function customerFilterToQuery(values: CustomerFilterValues, timeZone?: string): CustomerFilter {
  const query: CustomerFilter = {}
  const name = values.name.trim()
  if (name) query.name = name
  if (values.memberUserid) query.memberUserid = values.memberUserid
  const { from, to } = dayBounds(values.start, values.end, timeZone)
  if (from !== undefined) query.addedFrom = from
  if (to !== undefined) query.addedTo = to
  return query
}

/** Whether any box holds something (the reversed range included), so 重置 has work to do. */
export function hasCustomerFilter(values: CustomerFilterValues): boolean {
  return values.name !== '' || values.memberUserid !== '' || values.start !== null || values.end !== null
}
