// One JSON line per log entry on stderr. Never given a secret: callers pass ids and codes only.

export type RelayLog = (message: string, fields?: Record<string, unknown>) => void

export const stderrLog: RelayLog = (message, fields) => {
  process.stderr.write(JSON.stringify({ at: new Date().toISOString(), message, ...fields }) + '\n')
}
