// Group commit for callbacks: every message that arrives in one turn of the event loop — customer
// events and the other messages the relay only keeps — is written in a single store commit, and each
// request is answered only after that commit is durable. One commit is in flight at a time; what
// arrives meanwhile waits for it and then commits as one batch (classic group commit), so a busy loop
// makes few, large commits. How a commit becomes durable is the engine's (SQLite: wal-sync.ts).

import type { IncomingEvent, IncomingMessage, RelayStorage } from './storage'

type Incoming = { kind: 'event'; event: IncomingEvent } | { kind: 'message'; message: IncomingMessage }

interface Waiting {
  item: Incoming
  resolve: (isNew: boolean) => void
  reject: (error: unknown) => void
}

export class GroupCommit {
  private queue: Waiting[] = []
  private scheduled = false
  /** The commit in flight, if any: the next batch starts only once it has returned. */
  private inFlight: Promise<void> | null = null

  constructor(
    private readonly store: RelayStorage,
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

  /** Commits whatever is queued and waits until no commit is in flight (a stop's last batch). */
  async drain(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (this.inFlight) await this.inFlight
      else this.flush()
    }
  }

  private enqueue(item: Incoming): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      this.scheduleFlush()
    })
  }

  private scheduleFlush() {
    if (this.scheduled || this.inFlight || this.queue.length === 0) return
    this.scheduled = true
    setImmediate(() => this.flush())
  }

  private flush() {
    this.scheduled = false
    if (this.inFlight) return
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    const events = batch.flatMap((w) => (w.item.kind === 'event' ? [w.item.event] : []))
    const messages = batch.flatMap((w) => (w.item.kind === 'message' ? [w.item.message] : []))
    this.inFlight = this.store.commit(events, messages, this.welcomeWindowMs).then(
      (results) => {
        let e = 0
        let m = 0
        for (const w of batch)
          w.resolve(w.item.kind === 'event' ? results.events[e++]! : results.messages[m++]!)
        if (results.queuedJobs) this.afterCommit()
        this.onCommit()
        this.committed()
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error)
        this.committed()
      },
    )
  }

  private committed() {
    this.inFlight = null
    this.scheduleFlush()
  }
}
