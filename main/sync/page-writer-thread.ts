// The reconcile's page writer thread: its own connection to the app's database file stores each batch
// of pages it is sent (store-pages.ts), one IMMEDIATE transaction a batch, in the order sent, and
// answers the counts and repair candidates — so the SQLite work of a full reconcile runs beside the
// network round trips instead of holding up every chain's next response on the main loop.
// Built by scripts/build-main.ts as dist/main/page-writer.cjs; loaded through tsx from source.

import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase, type AppDatabase } from '../db'
import type { FromWriter, ToWriter, WriterData, WriterError } from './page-writer-messages'
import { storeBatch, storeContext, type StoreContext } from './store-pages'

const port = parentPort
if (!port) throw new Error('main/sync/page-writer-thread.ts runs only as a worker thread')
const data = workerData as WriterData
const post = (message: FromWriter) => port.postMessage(message)

function toWriterError(error: unknown): WriterError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const code = (error as { code?: unknown }).code
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  }
}

let db: AppDatabase
let ctx: StoreContext
try {
  db = openDatabase(data.file, { busyTimeoutMs: data.busyTimeoutMs })
  ctx = storeContext(db)
  post({ type: 'ready' })
} catch (error) {
  post({ type: 'broken', error: toWriterError(error) })
  port.close()
  throw error
}

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    // Not db.close(): its WAL checkpoint is the main connection's job when the app closes.
    db.sqlite.close()
    port.close()
    return
  }
  try {
    // IMMEDIATE: take the write lock first, so a write by the main connection in between can only
    // make this wait (busy_timeout), never fail the upgrade from a read.
    const counts = db.sqlite.transaction(() => storeBatch(ctx, message.pages)).immediate()
    post({ type: 'stored', id: message.id, counts })
  } catch (error) {
    post({ type: 'failed', id: message.id, error: toWriterError(error) })
  }
})
