// A file-backed SecretStore for Node tests and the browser host. It does not encrypt (there is no OS
// keychain to ask from plain Node); the file is written owner-only and atomically, and the workspace
// reports its backend as 'file-fake' so the UI can say so.

import { readSecretFile, writeSecretFile, type SecretFile } from './json-file'
import type { SecretStore } from './types'

export function createFileSecretStore(file: string): SecretStore {
  const read = () => readSecretFile(file)
  const write = (data: SecretFile) => writeSecretFile(file, data)
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
