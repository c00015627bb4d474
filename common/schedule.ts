// Auto-accept windows: parsing, overlap checks and "is it on now?" — used by the form, the services
// and the relay's scheduler, so all three agree on the same minute.

import type { ScheduleWindow } from './domain'
import { zonedParts } from './zoned-time'

export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/** Returns a Chinese message for the first problem in the window list, or null when they are fine. */
export function scheduleProblem(windows: ScheduleWindow[]): string | null {
  const byDay = new Map<number, ScheduleWindow[]>()
  for (const w of windows) {
    if (!TIME_PATTERN.test(w.start) || !TIME_PATTERN.test(w.end)) return '时间格式应为 HH:MM'
    if (minutesOf(w.end) <= minutesOf(w.start))
      return `${weekdayName(w.weekday)} ${w.start}–${w.end}：结束时间须晚于开始时间`
    const list = byDay.get(w.weekday) ?? []
    list.push(w)
    byDay.set(w.weekday, list)
  }
  for (const [day, list] of byDay) {
    const sorted = [...list].sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!
      const cur = sorted[i]!
      if (minutesOf(cur.start) < minutesOf(prev.end)) {
        return `${weekdayName(day)} 的时段 ${prev.start}–${prev.end} 与 ${cur.start}–${cur.end} 重叠`
      }
    }
  }
  return null
}

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']

export function weekdayName(weekday: number): string {
  return WEEKDAYS[weekday - 1] ?? `周${weekday}`
}

/** Weekday (1 = Monday) and minute of day of an instant in a time zone. */
export function zonedWeekMinute(at: Date, timeZone: string): { weekday: number; minute: number } {
  const p = zonedParts(at.getTime(), timeZone)
  return { weekday: p.weekday, minute: p.hour * 60 + p.minute }
}

/** Whether a scheduled code should accept without confirmation at this instant. */
export function isWithinSchedule(windows: ScheduleWindow[], at: Date, timeZone: string): boolean {
  const { weekday, minute } = zonedWeekMinute(at, timeZone)
  return windows.some(
    (w) => w.weekday === weekday && minute >= minutesOf(w.start) && minute < minutesOf(w.end),
  )
}
