// Durable commits without blocking the event loop. With synchronous=FULL, SQLite fsyncs the WAL inside
// every COMMIT, on the thread that commits — the relay's only one — so while the disk flushes no
// callback is read, decrypted or answered, and each group commit stays as small as one turn of the
// loop. Instead the hot writers (the callback group commit, the job runner) commit at
// synchronous=NORMAL, which in WAL mode writes the same frames but skips that fsync, and then ask for
// one fdatasync of the WAL on libuv's thread pool; whatever waits for durability (a callback's 200, a
// claimed job's WeCom call) waits for it. While one flush runs, the next batch commits and queues
// behind it, so one fsync covers everything written meanwhile.
//
// Why that is as durable as FULL: a WAL transaction is its frames plus a commit frame, appended with
// write(); recovery replays every frame up to the last valid commit frame. Once an fdatasync that
// began after the COMMIT returned, those frames are on disk. SQLite rewrites the WAL from its start
// only after a checkpoint copied (and, at NORMAL too, synced) every frame into the database file, so
// no frame of ours is overwritten before it is durable there. Other writes keep synchronous=FULL.

import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'

interface Waiter {
  resolve: () => void
  reject: (error: unknown) => void
}

export class WalSync {
  private fd: number | null = null
  private inode = 0
  private flushing = false
  private closing = false
  private waiting: Waiter[] = []
  private readonly toNormal: Database.Statement
  private readonly toFull: Database.Statement
  private readonly inTransaction: (write: () => unknown) => unknown

  constructor(
    private readonly db: Database.Database,
    private readonly walPath: string,
  ) {
    this.toNormal = db.prepare('PRAGMA synchronous = NORMAL')
    this.toFull = db.prepare('PRAGMA synchronous = FULL')
    this.inTransaction = db.transaction((write: () => unknown) => write())
  }

  /**
   * Runs `write` as one transaction committed without the in-COMMIT fsync (see above); the caller
   * must wait for `flushed()` before telling anyone it is stored.
   */
  commitLazily<T>(write: () => T): T {
    // Inside an outer transaction the outer COMMIT decides (and the pragma may not change there).
    if (this.db.inTransaction) return write()
    this.toNormal.run()
    try {
      return this.inTransaction(write) as T
    } finally {
      this.toFull.run()
    }
  }

  /** Resolves once everything committed before this call is on disk (one fdatasync, shared). */
  flushed(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      if (!this.flushing) this.flush()
    })
  }

  private flush() {
    const batch = this.waiting
    this.waiting = []
    let fd: number
    try {
      fd = this.walFd()
    } catch (error) {
      for (const w of batch) w.reject(error)
      return
    }
    this.flushing = true
    fs.fdatasync(fd, (error) => {
      this.flushing = false
      if (this.closing) this.closeFd()
      if (error) {
        // The next flush opens the file afresh; nobody in this batch is told it is stored.
        this.closeFd()
        for (const w of batch) w.reject(error)
      } else for (const w of batch) w.resolve()
      if (this.waiting.length > 0 && !this.closing) this.flush()
    })
  }

  /**
   * The WAL's descriptor, reopened if the file is no longer the one it points to (SQLite deletes the
   * WAL when the last connection closes; syncing an unlinked file would prove nothing).
   */
  private walFd(): number {
    const inode = fs.statSync(this.walPath).ino
    if (this.fd !== null && inode === this.inode) return this.fd
    this.closeFd()
    // Opened for writing (never written): Windows flushes only through a writable handle.
    this.fd = fs.openSync(this.walPath, 'r+')
    this.inode = fs.fstatSync(this.fd).ino
    syncDirectory(path.dirname(this.walPath))
    return this.fd
  }

  private closeFd() {
    if (this.fd === null) return
    try {
      fs.closeSync(this.fd)
    } catch {
      // Already gone: nothing to release.
    }
    this.fd = null
  }

  /** Releases the descriptor (the store is closing); a flush in flight still completes. */
  close() {
    this.closing = true
    const batch = this.waiting.splice(0)
    if (batch.length > 0) {
      // The last commits (a stop's final group commit) are flushed here, on the spot.
      try {
        fs.fdatasyncSync(this.walFd())
        for (const w of batch) w.resolve()
      } catch (error) {
        for (const w of batch) w.reject(error)
      }
    }
    if (!this.flushing) this.closeFd()
  }
}

/**
 * A WAL file created since the store opened is durable only once its directory entry is: SQLite
 * syncs the directory on a new WAL's first fsync, which the lazy commits skip, so it is done here
 * whenever the file is (re)opened. Windows cannot open a directory, and needs no such sync.
 */
function syncDirectory(dir: string) {
  let fd: number
  try {
    fd = fs.openSync(dir, 'r')
  } catch {
    return
  }
  try {
    fs.fsyncSync(fd)
  } catch (error) {
    // A file system that cannot sync a directory (it then keeps entries by other means); an I/O
    // error is real and must reach the waiting callbacks.
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'ENOTSUP') throw error
  } finally {
    fs.closeSync(fd)
  }
}
