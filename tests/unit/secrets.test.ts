import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileSecretStore } from '../../main/secrets/file-store'
import { createSafeStorageStore, type SafeStorageLike } from '../../main/secrets/safe-storage-store'

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'secrets-'))

// A stand-in for Electron's safeStorage: reversible, but never the clear text on disk.
const fakeSafeStorage = (backend = 'gnome_libsecret', available = true): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  getSelectedStorageBackend: () => backend,
})

describe('secret storage', () => {
  it('keeps secrets encrypted at rest with safeStorage', () => {
    const file = path.join(tmp(), 'secrets.json')
    const store = createSafeStorageStore(file, fakeSafeStorage(), 'linux')
    store.set('corpSecret', 'my-corp-secret-123')
    expect(store.backend).toBe('os-encrypted')
    expect(readFileSync(file, 'utf8')).not.toContain('my-corp-secret-123')
    expect(createSafeStorageStore(file, fakeSafeStorage(), 'linux').get('corpSecret')).toBe(
      'my-corp-secret-123',
    )
    store.delete('corpSecret')
    expect(store.get('corpSecret')).toBeNull()
  })

  it('refuses to store where Linux falls back to the basic_text password', () => {
    const store = createSafeStorageStore(path.join(tmp(), 's.json'), fakeSafeStorage('basic_text'), 'linux')
    expect(store.backend).toBe('unavailable')
    expect(() => store.set('relayKey', 'k'.repeat(20))).toThrow(/加密存储/)
  })

  it('refuses to store where the OS offers no encryption at all', () => {
    const store = createSafeStorageStore(path.join(tmp(), 's.json'), fakeSafeStorage('x', false), 'win32')
    expect(() => store.set('corpSecret', 'abc')).toThrow(/不保存 Secret/)
  })

  it('the file-backed store for Node says it is a fake and writes owner-only', () => {
    const file = path.join(tmp(), 'secrets.dev.json')
    const store = createFileSecretStore(file)
    expect(store.backend).toBe('file-fake')
    store.set('relayKey', 'abcdefghijklmnop')
    expect(createFileSecretStore(file).get('relayKey')).toBe('abcdefghijklmnop')
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })
})
