// Which message a new customer gets: the first of the code's welcome windows that holds the add's
// CreateTime (weekday and minute in the workspace's zone), else the code's default message. The add's
// CreateTime, never the callback's arrival: a callback delayed past a window's end still gets the
// message of the minute the customer was added in.

import { minutesOf } from '../../common/schedule'
import type { WelcomeWindow } from '../../common/welcome-schemas'
import { zonedParts } from '../../common/zoned-time'

/** The index of the window holding `at` (epoch ms) in `timeZone`, or -1. Start inclusive, end exclusive. */
export function windowAt(windows: readonly WelcomeWindow[], at: number, timeZone: string): number {
  const p = zonedParts(at, timeZone)
  const minute = p.hour * 60 + p.minute
  return windows.findIndex(
    (w) => w.weekdays.includes(p.weekday) && minute >= minutesOf(w.start) && minute < minutesOf(w.end),
  )
}
