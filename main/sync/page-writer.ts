// Where the reconcile's page batches are stored: inline on the calling thread's connection, or by the
// page writer thread (page-writer-thread.ts) on a connection of its own to the same file. Either way
// a batch resolves with its counts once committed, or rejects with the store's error.

import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { FromWriter, ToWriter, WriterData, WriterError } from './page-writer-messages'
import type { SyncDb } from './ports'
import { storeBatch, storeContext, type QueuedPage, type StoredCounts } from './store-pages'

export interface PageWriter {
  write(pages: QueuedPage[]): Promise<StoredCounts>
  /** Waits for nothing: call once every write has answered. */
  close(): Promise<void>
}

export function inlineWriter(db: SyncDb): PageWriter {
  const ctx = storeContext(db)
  return {
    write: (pages) => {
      try {
        return Promise.resolve(storeBatch(ctx, pages))
      } catch (error) {
        return Promise.reject(error as Error)
      }
    },
    close: () => Promise.resolve(),
  }
}

/** The thread's entry: the built bundle's sibling under Electron, the TypeScript source under tsx. */
export function writerEntry(): { file: string; execArgv?: string[] } | null {
  // __filename exists in the CommonJS bundle (and vitest); import.meta.url in ESM under tsx.
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url)
  if (here.endsWith('.cjs')) {
    const file = path.join(path.dirname(here), 'page-writer.cjs')
    return existsSync(file) ? { file } : null
  }
  return { file: path.join(path.dirname(here), 'page-writer-thread.ts'), execArgv: ['--import', 'tsx'] }
}

/** A store error from the thread, rebuilt so the phase fails with the same name, message and code. */
export class PageWriterError extends Error {
  readonly code: string | undefined
  constructor(error: WriterError) {
    super(error.message)
    this.name = error.name
    this.code = error.code
    if (error.stack) this.stack = error.stack
  }
}

/** Starts the thread; resolves once its connection is open, rejects if it cannot start. */
export function startThreadWriter(data: WriterData): Promise<PageWriter> {
  const entry = writerEntry()
  if (!entry) return Promise.reject(new Error('page writer bundle not found'))
  const worker = new Worker(entry.file, {
    workerData: data,
    ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
  })
  const pending = new Map<number, { resolve: (c: StoredCounts) => void; reject: (e: Error) => void }>()
  let nextId = 1
  let gone: Error | null = null
  let started: { resolve: () => void; reject: (e: Error) => void } | null = null
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))

  const fail = (error: Error) => {
    gone ??= error
    started?.reject(error)
    started = null
    for (const call of pending.values()) call.reject(error)
    pending.clear()
  }
  worker.on('error', (error) => fail(error))
  worker.on('exit', (code) => fail(new Error(`page writer exited (${code})`)))
  worker.on('message', (message: FromWriter) => {
    if (message.type === 'ready') {
      started?.resolve()
      started = null
      return
    }
    if (message.type === 'broken') return fail(new PageWriterError(message.error))
    const call = pending.get(message.id)
    pending.delete(message.id)
    if (!call) return
    if (message.type === 'stored') call.resolve(message.counts)
    else call.reject(new PageWriterError(message.error))
  })
  const post = (message: ToWriter) => worker.postMessage(message)

  const writer: PageWriter = {
    write(pages) {
      if (gone) return Promise.reject(gone)
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        post({ type: 'store', id, pages })
      })
    },
    async close() {
      if (!gone) post({ type: 'close' })
      await exited
    },
  }
  return new Promise((resolve, reject) => {
    started = {
      resolve: () => resolve(writer),
      reject: (error) => {
        void worker.terminate()
        reject(error)
      },
    }
  })
}
