// One writer per contact way at a time inside the relay: the auto-accept flips and the routing
// re-points both read a way from WeCom and write it back whole (update_contact_way overwrites), so
// two of them interleaved would let one undo the other. Keyed by corp and config_id.

export class WayLock {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(corpId: string, configId: string, work: () => Promise<T>): Promise<T> {
    const key = `${corpId}\u0000${configId}`
    const before = this.tails.get(key) ?? Promise.resolve()
    const result = before.then(work, work)
    const tail = result.catch(() => undefined)
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }
}
