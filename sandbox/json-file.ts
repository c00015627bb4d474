// Small JSON files of the simulator (its identity in a sandbox workspace): read tolerantly, written
// atomically (write then rename, so a crash mid-save leaves the previous file).

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'

export function readJsonFile(file: string): unknown {
  if (!existsSync(file)) return null
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

export function writeJsonAtomic(file: string, value: unknown, mode = 0o644): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2), { mode })
  renameSync(`${file}.tmp`, file)
}
