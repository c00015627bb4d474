// Editing operations on the weekly auto-accept windows; each returns a new list (the form keeps state).

import type { ScheduleWindow } from '../../common/domain'
import { minutesOf, scheduleProblem } from '../../common/schedule'

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
export const WORKDAYS = [1, 2, 3, 4, 5]

export interface IndexedWindow {
  window: ScheduleWindow
  /** Position in the full list, so edits address the right window. */
  index: number
}

export function timeOf(minutes: number): string {
  const clamped = Math.max(0, Math.min(24 * 60, minutes))
  const h = Math.floor(clamped / 60)
  const m = clamped % 60
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
}

export function windowsOfDay(windows: ScheduleWindow[], weekday: number): IndexedWindow[] {
  return windows
    .map((window, index) => ({ window, index }))
    .filter((w) => w.window.weekday === weekday)
    .sort((a, b) => minutesOf(a.window.start) - minutesOf(b.window.start))
}

/** Adds a window to a day: 09:00–18:00 on an empty day, else an hour right after the day's last window. */
export function addWindow(windows: ScheduleWindow[], weekday: number): ScheduleWindow[] {
  const day = windowsOfDay(windows, weekday)
  const last = day[day.length - 1]?.window
  if (!last) return [...windows, { weekday, start: '09:00', end: '18:00' }]
  const startMin = Math.min(minutesOf(last.end), 23 * 60)
  const endMin = Math.min(startMin + 60, 24 * 60)
  return [...windows, { weekday, start: timeOf(startMin), end: timeOf(endMin) }]
}

export function removeWindow(windows: ScheduleWindow[], index: number): ScheduleWindow[] {
  return windows.filter((_, i) => i !== index)
}

export function updateWindow(
  windows: ScheduleWindow[],
  index: number,
  patch: Partial<Pick<ScheduleWindow, 'start' | 'end'>>,
): ScheduleWindow[] {
  return windows.map((w, i) => (i === index ? { ...w, ...patch } : w))
}

/** Replaces the windows of each target day with copies of the source day's windows. */
export function copyDay(windows: ScheduleWindow[], from: number, to: number[]): ScheduleWindow[] {
  const targets = new Set(to.filter((d) => d !== from))
  const source = windowsOfDay(windows, from).map((w) => w.window)
  const kept = windows.filter((w) => !targets.has(w.weekday))
  const copies = [...targets].flatMap((weekday) => source.map((w) => ({ ...w, weekday })))
  return [...kept, ...copies].sort((a, b) => a.weekday - b.weekday || minutesOf(a.start) - minutesOf(b.start))
}

export function clearDay(windows: ScheduleWindow[], weekday: number): ScheduleWindow[] {
  return windows.filter((w) => w.weekday !== weekday)
}

/** The problem (end before start, overlap) of one day's windows, in the words of common/schedule.ts. */
export function dayProblem(windows: ScheduleWindow[], weekday: number): string | null {
  return scheduleProblem(windows.filter((w) => w.weekday === weekday))
}

export function workdayPreset(): ScheduleWindow[] {
  return WORKDAYS.map((weekday) => ({ weekday, start: '09:00', end: '18:00' }))
}

/** A short summary of the schedule: "周一至周五 09:00–18:00" style, one entry per day. */
export function scheduleSummary(windows: ScheduleWindow[]): string {
  const days = WEEKDAYS.map((d) =>
    windowsOfDay(windows, d)
      .map((w) => `${w.window.start}–${w.window.end}`)
      .join('、'),
  )
  const names = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']
  return days
    .map((text, i) => (text ? `${names[i]} ${text}` : ''))
    .filter(Boolean)
    .join('；')
}
