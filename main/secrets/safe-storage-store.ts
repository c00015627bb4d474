// SecretStore over Electron's safeStorage (injected by main/index.ts so this file stays plain Node).
// On Linux safeStorage can silently fall back to 'basic_text' — a hard-coded password — so that
// backend is treated as no encryption at all and storing is refused with a clear message.

import { AppError } from '../../common/bridge-result'
import { readSecretFile, writeSecretFile, type SecretFile } from './json-file'
import type { SecretStore } from './types'

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only. */
  getSelectedStorageBackend?: () => string
}

export function safeStorageWorks(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend) {
    const backend = safeStorage.getSelectedStorageBackend()
    if (backend === 'basic_text' || backend === 'unknown') return false
  }
  return true
}

export function createSafeStorageStore(
  file: string,
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const works = safeStorageWorks(safeStorage, platform)
  const read = () => readSecretFile(file)
  const write = (data: SecretFile) => writeSecretFile(file, data)
  return {
    backend: works ? 'os-encrypted' : 'unavailable',
    get(key) {
      const b64 = read()[key]
      if (!b64 || !works) return null
      try {
        return safeStorage.decryptString(Buffer.from(b64, 'base64'))
      } catch {
        return null
      }
    },
    set(key, value) {
      if (!works) {
        throw new AppError(
          'SECRET_STORAGE',
          '本机系统没有可用的加密存储（如 Linux 未运行钥匙环服务），为安全起见不保存 Secret。请启用系统钥匙环（gnome-keyring 或 KWallet）后重试。',
        )
      }
      write({ ...read(), [key]: safeStorage.encryptString(value).toString('base64') })
    },
    delete(key) {
      const data = read()
      delete data[key]
      write(data)
    },
  }
}
