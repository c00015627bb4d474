// Opens the relay's store as the config names it: SQLite in the data folder (the default: one host,
// one file) or PostgreSQL at a URL (several instances on one database). The PostgreSQL code and its
// driver are loaded only when asked for, so a SQLite relay never pays for them.

import type { RelayLog } from './log'
import type { RelayStorage } from './storage'
import { RelayStore } from './store'

// poolSize may be undefined as the config's parsed optional field is (exactOptionalPropertyTypes).
export type StoreConfig =
  { kind: 'sqlite' } | { kind: 'postgres'; url: string; poolSize?: number | undefined }

export interface OpenStorageConfig {
  dataDir: string
  store?: StoreConfig
  now: () => number
  log: RelayLog
}

export async function openStorage(config: OpenStorageConfig): Promise<RelayStorage> {
  const store = config.store ?? { kind: 'sqlite' }
  if (store.kind === 'postgres') {
    const { openPgStorage } = await import('./pg')
    return openPgStorage({
      url: store.url,
      now: config.now,
      log: config.log,
      ...(store.poolSize !== undefined ? { poolSize: store.poolSize } : {}),
    })
  }
  return new RelayStore(config.dataDir, undefined, { now: config.now, log: config.log })
}
