// One JSON line per log entry on stderr. Never given a secret: callers pass ids and codes only.

export type RelayLog = (message: string, fields?: Record<string, unknown>) => void

export const stderrLog: RelayLog = (message, fields) => {
  process.stderr.write(JSON.stringify({ at: new Date().toISOString(), message, ...fields }) + '\n')
}

/**
 * A log for what strangers can trigger (refused callbacks, bad paths): the first of each message in a
 * window is written, the rest are counted and reported with the next one, so a flood of junk cannot
 * turn into a flood of log lines.
 */
export function throttledLog(log: RelayLog, windowMs = 10_000, now: () => number = Date.now): RelayLog {
  const seen = new Map<string, { at: number; suppressed: number }>()
  return (message, fields) => {
    const t = now()
    const entry = seen.get(message)
    if (entry && t - entry.at < windowMs) {
      entry.suppressed += 1
      return
    }
    seen.set(message, { at: t, suppressed: 0 })
    log(message, entry?.suppressed ? { ...fields, suppressed: entry.suppressed } : fields)
  }
}
