// The small JSON file both secret stores keep their values in: read tolerantly, written atomically
// and owner-only.

import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { SecretKey } from './types'

export type SecretFile = Partial<Record<SecretKey, string>>

export function readSecretFile(file: string): SecretFile {
  if (!existsSync(file)) return {}
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SecretFile
  } catch {
    return {}
  }
}

export function writeSecretFile(file: string, data: SecretFile): void {
  const tmp = `${file}.tmp`
  writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 })
  renameSync(tmp, file)
  chmodSync(file, 0o600)
}
