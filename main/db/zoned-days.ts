// Calendar days in an IANA time zone as UTC instants. SQLite knows no time zones, so the day
// boundaries are computed here (DST-safe: each midnight gets its own offset) and the database only
// counts rows between them.

import { zonedParts } from '../../common/zoned-time'

interface Civil {
  year: number
  month: number
  day: number
}

function civilParts(at: number, timeZone: string): Civil & { hour: number; minute: number; second: number } {
  return zonedParts(at, timeZone)
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const c = civilParts(at, timeZone)
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second)
  return asUtc - (at - (((at % 1000) + 1000) % 1000))
}

/** The UTC instant of 00:00 on a civil date in the zone. */
export function startOfZonedDay(day: Civil, timeZone: string): number {
  const naive = Date.UTC(day.year, day.month - 1, day.day)
  // Two passes settle the offset when midnight sits near a DST change.
  const first = naive - zoneOffsetMs(naive, timeZone)
  return naive - zoneOffsetMs(first, timeZone)
}

export function zonedDate(at: number, timeZone: string): string {
  const c = civilParts(at, timeZone)
  return `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`
}

export interface DayRange {
  /** YYYY-MM-DD in the zone. */
  date: string
  from: number
  /** Exclusive. */
  to: number
}

/** The last `days` calendar days in the zone, oldest first, ending with the day that contains `now`. */
export function lastZonedDays(timeZone: string, days: number, now: number): DayRange[] {
  const today = civilParts(now, timeZone)
  const out: DayRange[] = []
  for (let back = days - 1; back >= 0; back--) {
    // Date.UTC normalises day underflow/overflow across months and years.
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day - back))
    const civil = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
    const n = new Date(Date.UTC(civil.year, civil.month - 1, civil.day + 1))
    out.push({
      date: `${civil.year}-${String(civil.month).padStart(2, '0')}-${String(civil.day).padStart(2, '0')}`,
      from: startOfZonedDay(civil, timeZone),
      to: startOfZonedDay(
        { year: n.getUTCFullYear(), month: n.getUTCMonth() + 1, day: n.getUTCDate() },
        timeZone,
      ),
    })
  }
  return out
}
