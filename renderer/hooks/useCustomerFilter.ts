// The customer list's filter boxes and the query they stand for. Typing in the name box waits a
// moment before the list reloads (one query per pause, not per key); the member and the dates apply
// at once. A reversed date range is shown as a problem and keeps the last valid dates in the query,
// so the list does not jump while the manager is still picking.

import { useEffect, useState } from 'react'
import type { CustomerFilter } from '../../common/schemas'
import {
  customerFilterProblem,
  customerFilterToQuery,
  emptyCustomerFilter,
  hasCustomerFilter,
  type CustomerFilterValues,
} from '../lib/customer-filter'

const TYPING_PAUSE_MS = 300

export interface CustomerFilterState {
  /** What the boxes show. */
  values: CustomerFilterValues
  set: (patch: Partial<CustomerFilterValues>) => void
  /** Empties every box and the query at once. */
  reset: () => void
  problem: string | null
  query: CustomerFilter
  /** Some box holds something. */
  active: boolean
}

export function useCustomerFilter(timeZone?: string): CustomerFilterState {
  const [values, setValues] = useState<CustomerFilterValues>(emptyCustomerFilter)
  const [applied, setApplied] = useState<CustomerFilterValues>(emptyCustomerFilter)

  useEffect(() => {
    const timer = setTimeout(
      () => setApplied((a) => (a.name === values.name ? a : { ...a, name: values.name })),
      TYPING_PAUSE_MS,
    )
    return () => clearTimeout(timer)
  }, [values.name])

  const set = (patch: Partial<CustomerFilterValues>) => {
    const next = { ...values, ...patch }
    setValues(next)
    // The name follows after the pause; the rest applies now when it forms a valid range.
    if (!customerFilterProblem(next)) setApplied((a) => ({ ...next, name: a.name }))
  }

  const reset = () => {
    setValues(emptyCustomerFilter)
    setApplied(emptyCustomerFilter)
  }

  return {
    values,
    set,
    reset,
    problem: customerFilterProblem(values),
    query: customerFilterToQuery(applied, timeZone),
    active: hasCustomerFilter(values),
  }
}
