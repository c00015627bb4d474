// A file-backed SecretStore for Node tests and the browser host. It does not encrypt (there is no OS
// keychain to ask from plain Node); the file is written owner-only and atomically, and the workspace
// reports its backend as 'file-fake' so the UI can say so.

import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { SecretKey, SecretStore } from './types'

export function createFileSecretStore(file: string): SecretStore {
  const read = (): Partial<Record<SecretKey, string>> => {
    if (!existsSync(file)) return {}
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<SecretKey, string>>
    } catch {
      return {}
    }
  }
  const write = (data: Partial<Record<SecretKey, string>>) => {
    const tmp = `${file}.tmp`
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 })
    renameSync(tmp, file)
    chmodSync(file, 0o600)
  }
  return {
    backend: 'file-fake',
    get: (key) => read()[key] ?? null,
    set: (key, value) => write({ ...read(), [key]: value }),
    delete: (key) => {
      const data = read()
      delete data[key]
      write(data)
    },
  }
}
