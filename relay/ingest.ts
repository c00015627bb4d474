// Group commit for callbacks: every message that arrives in one turn of the event loop — customer
// events and the other messages the relay only keeps — is written in a single transaction, and each
// request is answered only after that transaction is on disk. The commit skips SQLite's in-COMMIT
// fsync and the WAL is flushed on the thread pool instead (wal-sync.ts): the event loop reads the
// next batch while the disk works, and "answered means on disk" holds as at synchronous=FULL.

import type { IncomingEvent, IncomingMessage, RelayStore } from './store'

type Incoming = { kind: 'event'; event: IncomingEvent } | { kind: 'message'; message: IncomingMessage }

interface Waiting {
  item: Incoming
  resolve: (isNew: boolean) => void
  reject: (error: unknown) => void
}

export class GroupCommit {
  private queue: Waiting[] = []
  private scheduled = false
  /**
   * A batch's WAL flush is running: what arrives meanwhile waits for it to return and then commits as
   * one batch (classic group commit), so a busy loop makes few, large commits instead of many small
   * ones that each rewrite the same index pages into the WAL.
   */
  private flushing = false

  constructor(
    private readonly store: RelayStore,
    private readonly welcomeWindowMs: number,
    private readonly afterCommit: () => void,
    /** Told after every commit (smart routing counts adds and reads change_contact from it). */
    private readonly onCommit: () => void = () => {},
  ) {}

  /** Resolves once stored: true if new, false for a retry of something already stored. */
  submit(event: IncomingEvent): Promise<boolean> {
    return this.enqueue({ kind: 'event', event })
  }

  keep(message: IncomingMessage): Promise<boolean> {
    return this.enqueue({ kind: 'message', message })
  }

  private enqueue(item: Incoming): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      this.scheduleFlush()
    })
  }

  private scheduleFlush() {
    if (this.scheduled || this.flushing || this.queue.length === 0) return
    this.scheduled = true
    setImmediate(() => this.flush())
  }

  flush() {
    this.scheduled = false
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    const events = batch.flatMap((w) => (w.item.kind === 'event' ? [w.item.event] : []))
    const messages = batch.flatMap((w) => (w.item.kind === 'message' ? [w.item.message] : []))
    let results: { events: boolean[]; messages: boolean[] }
    const queuedBefore = this.store.jobsQueued
    try {
      results = this.store.wal.commitLazily(() => ({
        events: this.store.ingest(events, this.welcomeWindowMs),
        messages: this.store.keepMessages(messages),
      }))
    } catch (error) {
      this.store.resetSequences()
      for (const w of batch) w.reject(error)
      return
    }
    if (this.store.jobsQueued > queuedBefore) this.afterCommit()
    this.onCommit()
    this.flushing = true
    const done = () => {
      this.flushing = false
      this.scheduleFlush()
    }
    this.store.wal.flushed().then(
      () => {
        let e = 0
        let m = 0
        for (const w of batch)
          w.resolve(w.item.kind === 'event' ? results.events[e++]! : results.messages[m++]!)
        done()
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error)
        done()
      },
    )
  }
}
