// The messages between the reconcile and its page writer thread (page-writer-thread.ts). Both ends
// are this app's own code in one process, so the types are the contract; pages travel by structured
// clone.

import type { QueuedPage, StoredCounts } from './store-pages'

export interface WriterData {
  /** The database file the main connection has open (already migrated). */
  file: string
  busyTimeoutMs: number
}

export type ToWriter = { type: 'store'; id: number; pages: QueuedPage[] } | { type: 'close' }

/** A store error as it crosses the thread: enough to rethrow it as the same kind of failure. */
export interface WriterError {
  name: string
  message: string
  code?: string
  stack?: string
}

export type FromWriter =
  | { type: 'ready' }
  | { type: 'stored'; id: number; counts: StoredCounts }
  | { type: 'failed'; id: number; error: WriterError }
  /** The thread could not open its connection. */
  | { type: 'broken'; error: WriterError }
