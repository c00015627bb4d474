// Display formats shared by every screen: timestamps, relative times, truncation, initials.

import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)
dayjs.extend(timezone)

// Times are shown in the workspace's zone (WeCom data and the auto-accept windows use it), not the
// computer's, so a manager travelling abroad sees the same times as the team at home.
let displayZone: string | null = null

export function setDisplayTimeZone(zone: string | null): void {
  displayZone = zone
}

function inZone(ms: number) {
  if (!displayZone) return dayjs(ms)
  try {
    return dayjs(ms).tz(displayZone)
  } catch {
    return dayjs(ms)
  }
}

export function formatDateTime(ms: number | null | undefined): string {
  return ms ? inZone(ms).format('YYYY-MM-DD HH:mm:ss') : '—'
}

/** To the minute: where a table column must stay narrow (the seconds go in a tooltip). */
export function formatDateMinute(ms: number | null | undefined): string {
  return ms ? inZone(ms).format('YYYY-MM-DD HH:mm') : '—'
}

/** HH:mm today, or MM-DD HH:mm on another day. */
export function formatClock(ms: number, now: number = Date.now()): string {
  const t = inZone(ms)
  return t.format('YYYY-MM-DD') === inZone(now).format('YYYY-MM-DD')
    ? t.format('HH:mm')
    : t.format('MM-DD HH:mm')
}

export function formatDate(ms: number): string {
  return inZone(ms).format('YYYY-MM-DD')
}

/** "刚刚", "5 分钟前", "3 小时前", or the date for anything older than a day. */
export function formatRelative(ms: number | null, now: number = Date.now()): string {
  if (!ms) return '从未同步'
  const seconds = Math.max(0, Math.round((now - ms) / 1000))
  if (seconds < 60) return '刚刚'
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟前`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} 小时前`
  return inZone(ms).format('MM-DD HH:mm')
}

export function truncateMiddle(text: string, max = 32): string {
  if (text.length <= max) return text
  const head = Math.ceil((max - 1) * 0.65)
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`
}

/** One or two characters for an avatar: the first Chinese character, or two Latin initials. */
export function initialsOf(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) return '?'
  const first = [...trimmed][0] ?? '?'
  if (/[\u4e00-\u9fff]/.test(first)) return first
  const words = trimmed.split(/\s+/).filter(Boolean)
  return words
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
}

const AVATAR_COLORS = ['#1f6feb', '#12a150', '#e08a00', '#8e44ad', '#d93026', '#0f9aa8', '#c2410c', '#4b5563']

export function colorOf(seed: string): string {
  let hash = 0
  for (const ch of seed) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0
  return AVATAR_COLORS[hash % AVATAR_COLORS.length] ?? '#1f6feb'
}
