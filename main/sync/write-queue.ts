// The reconcile's queue of fetched pages on their way to the database. Pages are stored together, up
// to PAGES_PER_WRITE in one transaction or whatever arrived within PAGE_WINDOW_MS: each transaction
// writes every B-tree page it touched to the WAL, and the same index pages are touched by every page
// of contacts, so one transaction per page wrote them again and again.
//
// A big reconcile hands its batches to the page writer thread (page-writer.ts): storing 100k
// relations is seconds of SQLite CPU, and on the main loop every chain's next response waited for it,
// so it added to the network time instead of hiding behind it. At most MAX_IN_FLIGHT batches wait
// for the writer; past that the chains wait too, so memory stays flat when the disk is slow.

import type { PageWriter } from './page-writer'
import { inlineWriter, startThreadWriter } from './page-writer'
import type { SyncDb } from './ports'
import type { QueuedPage, StoredCounts } from './store-pages'

const PAGES_PER_WRITE = 16
const PAGE_WINDOW_MS = 20
const MAX_IN_FLIGHT = 4
/** 'auto' starts the thread once this many pages are queued: a small reconcile is done inline sooner. */
const THREAD_AFTER_PAGES = 2 * PAGES_PER_WRITE

/**
 * 'thread': every batch goes to the writer thread (it fails the phase if it cannot start).
 * 'inline': every batch is stored on this thread's connection.
 * 'auto' (default): inline, until the reconcile proves big; then the thread, once it is up (batches
 * queued meanwhile are stored inline, so nothing waits for it to start). A database without a file
 * (':memory:') is always inline: another connection would not see it.
 */
export type WriterMode = 'auto' | 'thread' | 'inline'

export interface WriteQueue {
  /** Queues a page; resolves when the chain may fetch on (the writer is not too far behind). */
  add(page: QueuedPage): Promise<void>
  /** The first store error; every chain stops at its next page and the phase fails with it. */
  readonly failure: unknown
  /** Stores what is queued, waits for every write and stops the thread; throws the first store error. */
  drain(): Promise<StoredCounts>
  /** After a fetch failure: drops what is queued, waits for writes under way, stops the thread. */
  abandon(): Promise<void>
}

export interface WriteQueueOptions {
  db: SyncDb
  mode?: WriterMode
  log?: (message: string, detail?: unknown) => void
  busyTimeoutMs?: number
}

export function createWriteQueue(options: WriteQueueOptions): WriteQueue {
  const { db } = options
  const file = db.file
  const mode: WriterMode = !file || file === ':memory:' ? 'inline' : (options.mode ?? 'auto')
  const inline = inlineWriter(db)
  let thread: Promise<PageWriter> | null = null
  let threadReady: PageWriter | null = null
  let queuedPages = 0
  let queued: QueuedPage[] = []
  let timer: NodeJS.Timeout | null = null
  let failure: unknown = null
  const results: StoredCounts[] = []
  const inFlight = new Set<Promise<void>>()
  /** Chains waiting for a batch to answer; each looks again when one does. */
  let waiters: (() => void)[] = []

  const startThread = () => {
    if (thread || !file) return
    thread = startThreadWriter({ file, busyTimeoutMs: options.busyTimeoutMs ?? 5000 })
    thread.then(
      (writer) => (threadReady = writer),
      (error: unknown) => {
        if (mode === 'thread') failure ??= error
        else options.log?.('reconcile page writer thread did not start; storing inline', error)
      },
    )
  }
  if (mode === 'thread') startThread()

  /** The writer for the next batch: the thread once it is up; in 'thread' mode wait for it. */
  const writerFor = async (): Promise<PageWriter> => {
    if (threadReady) return threadReady
    if (mode === 'thread' && thread) return thread
    return inline
  }

  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    const pages = queued
    queued = []
    if (pages.length === 0 || failure) return
    const slot = results.length
    results.push({ customers: 0, added: 0, repairs: [] })
    const write = writerFor()
      .then((writer) => writer.write(pages))
      .then(
        (counts) => {
          results[slot] = counts
        },
        (error: unknown) => {
          failure ??= error
        },
      )
      .finally(() => {
        inFlight.delete(write)
        const woken = waiters
        waiters = []
        for (const wake of woken) wake()
      })
    inFlight.add(write)
  }

  const settle = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight])
  }
  const stopThread = async () => {
    if (!thread) return
    const writer = await thread.catch(() => null)
    await writer?.close()
  }

  return {
    get failure() {
      return failure
    },
    async add(page) {
      queued.push(page)
      queuedPages += 1
      if (mode === 'auto' && queuedPages >= THREAD_AFTER_PAGES) startThread()
      if (queued.length >= PAGES_PER_WRITE) flush()
      else timer ??= setTimeout(flush, PAGE_WINDOW_MS)
      while (inFlight.size >= MAX_IN_FLIGHT && !failure) {
        await new Promise<void>((resolve) => waiters.push(resolve))
      }
    },
    async drain() {
      flush()
      await settle()
      await stopThread()
      if (failure) throw failure
      const total: StoredCounts = { customers: 0, added: 0, repairs: [] }
      for (const r of results) {
        total.customers += r.customers
        total.added += r.added
        total.repairs.push(...r.repairs)
      }
      return total
    },
    async abandon() {
      if (timer) clearTimeout(timer)
      timer = null
      queued = []
      await settle()
      await stopThread()
    },
  }
}
