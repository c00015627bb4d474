// The callback's 200 waits for the disk: the group commit skips SQLite's in-COMMIT fsync and flushes
// the WAL on the thread pool (relay/wal-sync.ts), so these tests hold that flush and watch the answer.

import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'
import { sqliteOnly } from './relay-test-store'

// Skipped on PostgreSQL (RELAY_TEST_STORE=postgres): these read, edit or hook the SQLite file.
sqliteOnly([
  'is committed at once but answered 200 only after its WAL flush returned',
  'answers 500 when the flush fails, and 200 to the retry once a flush succeeds',
  'leaves the connection at synchronous=FULL between the lazy commits',
  'sends no welcome before the job’s claim is on disk',
])

let world: RelayWorld | null = null
afterEach(async () => {
  vi.restoreAllMocks()
  await world?.stop()
  world = null
})

type SyncCallback = (error: NodeJS.ErrnoException | null) => void

/** Holds every fdatasync of a WAL file until released (with the real flush, or an error). */
function holdWalFlushes() {
  const real = fs.fdatasync.bind(fs)
  const held: { fd: number; done: SyncCallback }[] = []
  vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, done: SyncCallback) => {
    held.push({ fd, done })
  }) as typeof fs.fdatasync)
  return {
    held,
    release(error?: NodeJS.ErrnoException) {
      for (const h of held.splice(0)) {
        if (error) h.done(error)
        else real(h.fd, h.done)
      }
    },
  }
}

function runningJobs(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'relay.sqlite'), { readonly: true })
  try {
    return (db.prepare(`SELECT count(*) AS n FROM jobs WHERE status = 'running'`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

function storedEvents(dataDir: string, externalUserid: string): number {
  const db = new Database(path.join(dataDir, 'relay.sqlite'), { readonly: true })
  try {
    return (
      db.prepare('SELECT count(*) AS n FROM events WHERE external_userid = ?').get(externalUserid) as {
        n: number
      }
    ).n
  } finally {
    db.close()
  }
}

describe('a callback answered only once durable', () => {
  it('is committed at once but answered 200 only after its WAL flush returned', async () => {
    world = await relayWorld()
    const w = world
    const flushes = holdWalFlushes()
    let status = 0
    const answered = w
      .post({ changeType: 'del_follow_user', userid: 'zhangsan', externalUserid: 'wmDurable1' })
      .then((s) => (status = s))
    // Committed (another connection reads it) while its flush is held: no answer yet.
    await waitFor(() => flushes.held.length > 0 && storedEvents(w.dataDir, 'wmDurable1') === 1)
    await new Promise((r) => setImmediate(r))
    expect(status).toBe(0)
    flushes.release()
    await answered
    expect(status).toBe(200)
  })

  it('answers 500 when the flush fails, and 200 to the retry once a flush succeeds', async () => {
    world = await relayWorld()
    const w = world
    const flushes = holdWalFlushes()
    // WeCom's retry is the same message: its CreateTime too (a later second would be another event).
    const event = {
      changeType: 'del_follow_user',
      userid: 'lisi',
      externalUserid: 'wmDurable2',
      createTime: Math.floor(Date.now() / 1000),
    }
    const first = w.post(event)
    await waitFor(() => flushes.held.length > 0)
    flushes.release(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))
    expect(await first).toBe(500)
    // WeCom retries: already stored, so not stored again, and answered once a flush covers it.
    vi.restoreAllMocks()
    expect(await w.post(event)).toBe(200)
    expect(storedEvents(w.dataDir, 'wmDurable2')).toBe(1)
  })

  it('leaves the connection at synchronous=FULL between the lazy commits', async () => {
    let db: Database.Database | null = null
    world = await relayWorld({ relay: { onStoreOpen: (d) => (db = d) } })
    expect(
      await world.post({ changeType: 'del_follow_user', userid: 'wangwu', externalUserid: 'wmD3' }),
    ).toBe(200)
    expect(db!.pragma('synchronous', { simple: true })).toBe(2)
  })

  it('sends no welcome before the job’s claim is on disk', async () => {
    world = await relayWorld()
    const w = world
    const policy = await wayWithPolicy(w, { memberUserids: ['lina'] })
    const flushes = holdWalFlushes()
    const scanned = w.sandbox.control.scan({ state: policy.state })
    // The add's flush is held; meanwhile the runner claimed its jobs, and their flush queues behind.
    await waitFor(() => flushes.held.length === 1 && runningJobs(w.dataDir) > 0)
    flushes.release()
    await waitFor(() => flushes.held.length === 1)
    expect(w.sandbox.control.sentWelcomes).toHaveLength(0)
    flushes.release()
    vi.restoreAllMocks()
    await scanned
    await waitFor(() => w.sandbox.control.sentWelcomes.length === 1)
  })
})
