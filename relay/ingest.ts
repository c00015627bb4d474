// Group commit for callbacks: every event that arrives in one turn of the event loop is written in a
// single transaction, and each request is answered only after that transaction committed. With
// synchronous=FULL that keeps the "answered means on disk" promise at a fraction of the fsyncs.

import type { IncomingEvent, RelayStore } from './store'

interface Waiting {
  event: IncomingEvent
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
  ) {}

  submit(event: IncomingEvent): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject })
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
    let results: boolean[]
    try {
      results = this.store.ingest(
        batch.map((w) => w.event),
        this.welcomeWindowMs,
      )
    } catch (error) {
      for (const w of batch) w.reject(error)
      return
    }
    batch.forEach((w, i) => w.resolve(results[i]!))
    this.afterCommit()
  }
}
