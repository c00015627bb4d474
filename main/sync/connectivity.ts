// Whether WeCom and the relay answered the last time the app called them. Every request of either
// client reports here (not only syncs), so the 离线 state is known as soon as any call fails or
// succeeds — at start-up, on a save, in the background — and listeners hear each change once.

export type Part = 'wecom' | 'relay'

export interface Connectivity {
  readonly wecom: boolean
  readonly relay: boolean
  /** When the first failure of the current outage of each part happened (null while online). */
  since(part: Part): number | null
  report(part: Part, reachable: boolean): void
  onChange(listener: (part: Part, reachable: boolean) => void): () => void
}

export function createConnectivity(now: () => number = Date.now): Connectivity {
  const down: Record<Part, number | null> = { wecom: null, relay: null }
  const listeners = new Set<(part: Part, reachable: boolean) => void>()
  return {
    get wecom() {
      return down.wecom === null
    },
    get relay() {
      return down.relay === null
    },
    since: (part) => down[part],
    report(part, reachable) {
      const was = down[part] === null
      if (was === reachable) return
      down[part] = reachable ? null : now()
      for (const listener of listeners) listener(part, reachable)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
