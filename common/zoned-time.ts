// Civil date and time of an instant in an IANA time zone (Intl only, so every side can use it): the
// one place the app turns epoch milliseconds into what a manager in Asia/Shanghai reads.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export interface ZonedParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** 1 = Monday … 7 = Sunday. */
  weekday: number
}

/** Whether this JavaScript engine knows the IANA zone (what every zoned computation here needs). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

export function zonedParts(at: number, timeZone: string): ZonedParts {
  const parts = formatter(timeZone).formatToParts(new Date(at))
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const year = get('year')
  const month = get('month')
  const day = get('day')
  const weekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1
  return { year, month, day, hour: get('hour') % 24, minute: get('minute'), second: get('second'), weekday }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** 'YYYY-MM-DD HH:mm:ss' (or without seconds) in the zone. */
export function formatZonedDateTime(at: number, timeZone: string, withSeconds = true): string {
  const p = zonedParts(at, timeZone)
  const time = `${pad(p.hour)}:${pad(p.minute)}${withSeconds ? `:${pad(p.second)}` : ''}`
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${time}`
}
