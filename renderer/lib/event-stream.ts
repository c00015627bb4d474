// The browser host's events: one server-sent-event stream (GET /api/events, read with fetch so the
// token travels in the Authorization header, not the URL) shared by every subscriber, opened on the
// first subscription and reopened with a backoff when the local service restarts.

import type { EventName, Subscribe } from '../../common/contract'

interface StreamOptions {
  url: string
  token: string | null
  fetch: typeof fetch
  accept: (name: string) => name is EventName
}

export function createEventStream(options: StreamOptions): { subscribe: Subscribe } {
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  let open = false
  let retryMs = 500

  const dispatch = (name: string, data: string) => {
    if (!options.accept(name)) return
    let payload: unknown
    try {
      payload = JSON.parse(data)
    } catch {
      return
    }
    for (const listener of listeners.get(name) ?? []) (listener as (p: unknown) => void)(payload)
  }

  const connect = async () => {
    try {
      const res = await options.fetch(options.url, {
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      })
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`)
      retryMs = 500
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          let name = 'message'
          const data: string[] = []
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) name = line.slice(7)
            else if (line.startsWith('data: ')) data.push(line.slice(6))
          }
          if (data.length) dispatch(name, data.join('\n'))
        }
      }
    } catch {
      // The local service is restarting or gone; the top bar says so from its own calls.
    }
    setTimeout(() => void connect(), retryMs)
    retryMs = Math.min(10_000, retryMs * 2)
  }

  const subscribe: Subscribe = (name, listener) => {
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    set.add(listener as (payload: never) => void)
    if (!open && typeof ReadableStream !== 'undefined') {
      open = true
      void connect()
    }
    return () => set.delete(listener as (payload: never) => void)
  }
  return { subscribe }
}
