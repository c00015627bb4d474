// Group commit for callbacks: every message that arrives in one turn of the event loop — customer
// events and the other messages the relay only keeps — is written in a single transaction, and each
// request is answered only after that transaction committed. With synchronous=FULL that keeps the
// "answered means on disk" promise at a fraction of the fsyncs.

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
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.flush())
      }
    })
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
      results = this.store.db.transaction(() => ({
        events: this.store.ingest(events, this.welcomeWindowMs),
        messages: this.store.keepMessages(messages),
      }))()
    } catch (error) {
      this.store.resetSequences()
      for (const w of batch) w.reject(error)
      return
    }
    let e = 0
    let m = 0
    for (const w of batch) w.resolve(w.item.kind === 'event' ? results.events[e++]! : results.messages[m++]!)
    if (this.store.jobsQueued > queuedBefore) this.afterCommit()
    this.onCommit()
  }
}
