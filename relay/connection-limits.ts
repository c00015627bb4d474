// How long and how many: the relay is on a public address, so slow or numerous sockets must not
// starve WeCom's callbacks. Node checks its header/request timers only every
// connectionsCheckingInterval (30 s by default, which let a 5 s timeout run to 35 s), so the check
// runs every second; and sockets are capped in all and per remote address, a socket over a cap being
// closed at once, before it costs anything.

import type http from 'node:http'
import type net from 'node:net'
import { z } from 'zod'

export const connectionLimitsSchema = z.strictObject({
  /** Time to receive a request's headers. */
  headersTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  /** Time to receive a whole request. */
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
  keepAliveTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  /** Open sockets in all. */
  maxConnections: z.number().int().min(1).max(1_000_000).default(4096),
  /** Open sockets from one address (WeCom's callbacks come from many; one stranger gets this many). */
  maxConnectionsPerIp: z.number().int().min(1).max(1_000_000).default(128),
  /** Callbacks refused after their body was read, per address and corp: a sustained rate… */
  refusalsPerSecond: z.number().min(0.01).max(1_000_000).default(20),
  /** …and a burst, past which that address is answered 429 without its body being read. */
  refusalBurst: z.number().int().min(1).max(1_000_000).default(50),
  /**
   * …and its 429 comes only after this long, the body left unread meanwhile: TCP's flow control then
   * holds the sender back, so a flood costs the relay a few requests a second instead of thousands.
   */
  refusalDelayMs: z.number().int().min(0).max(60_000).default(1_000),
  /**
   * Behind a reverse proxy every socket comes from the proxy: the per-address socket cap is then
   * left to the proxy, and a request's address is the last hop of X-Forwarded-For (which the
   * proxy sets). Off by default: a stranger could write that header himself.
   */
  behindProxy: z.boolean().default(false),
})
export type ConnectionLimits = z.output<typeof connectionLimitsSchema>
export type ConnectionLimitsInput = z.input<typeof connectionLimitsSchema>

/** The createServer options that make the timeouts hold to within a second. */
export function serverTimeouts(limits: ConnectionLimits): http.ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(limits.headersTimeoutMs / 4))),
  }
}

/** Caps the server's sockets in all and per remote address. */
export function capConnections(server: http.Server, limits: ConnectionLimits) {
  server.maxConnections = limits.maxConnections
  if (limits.behindProxy) return
  const perIp = new Map<string, number>()
  server.on('connection', (socket: net.Socket) => {
    const ip = socket.remoteAddress ?? ''
    const n = (perIp.get(ip) ?? 0) + 1
    if (n > limits.maxConnectionsPerIp) {
      socket.destroy()
      return
    }
    perIp.set(ip, n)
    socket.once('close', () => {
      const left = (perIp.get(ip) ?? 1) - 1
      if (left <= 0) perIp.delete(ip)
      else perIp.set(ip, left)
    })
  })
}

/** The address a request comes from: the socket's, or behind a proxy the last X-Forwarded-For hop. */
export function requestAddress(req: http.IncomingMessage, limits: ConnectionLimits): string {
  if (limits.behindProxy) {
    const hops = String(req.headers['x-forwarded-for'] ?? '').split(',')
    const last = hops[hops.length - 1]!.trim()
    if (last) return last
  }
  return req.socket.remoteAddress ?? ''
}
