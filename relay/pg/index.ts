import type { RelayStorage } from '../storage'

export interface PgStorageOptions {
  url: string
  now: () => number
  poolSize?: number
  log?: (message: string, fields?: Record<string, unknown>) => void
}

export async function openPgStorage(options: PgStorageOptions): Promise<RelayStorage> {
  void options
  throw new Error('PostgreSQL store not built')
}
