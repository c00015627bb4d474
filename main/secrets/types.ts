// Where the corp secret and relay key live. The Electron shell backs this with safeStorage; Node
// tests and the browser host use the file-backed store, which says plainly that it does not encrypt.

export type SecretBackend = 'os-encrypted' | 'file-fake' | 'unavailable'

export type SecretKey = 'corpSecret' | 'relayKey'

export interface SecretStore {
  readonly backend: SecretBackend
  get(key: SecretKey): string | null
  /** Throws AppError('SECRET_STORAGE') where the OS offers no real encryption. */
  set(key: SecretKey, value: string): void
  delete(key: SecretKey): void
}
