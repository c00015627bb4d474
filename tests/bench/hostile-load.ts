// The attacker for the relay-hostile bench (a child process): either `connections` keep-alive
// sockets POSTing worst-case unauthenticated bodies to the callback URL back to back, or `sockets`
// slow sockets that send a request's headers a byte at a time from another loopback address
// (reconnecting when the relay cuts them). Reports how many requests or sockets it got through.

import http from 'node:http'
import net from 'node:net'

interface HostileSpec {
  url: string
  mode: 'bodies' | 'slow'
  connections: number
  sockets: number
  durationMs: number
}

const spec = JSON.parse(process.env.HOSTILE ?? '{}') as HostileSpec
const target = new URL(spec.url)
const end = performance.now() + spec.durationMs
const KIB256 = 256 * 1024 - 64

// Shapes that cost the first release most: unterminated CDATA (its reader was quadratic on it), a
// long run of open tags, and a big Encrypt that is valid base64 but signed wrong (a SHA-1 over it).
const bodies = [
  `<xml>${'<a><![CDATA['.repeat(KIB256 / 12)}</xml>`,
  `<xml><ToUserName><![CDATA[${'a'.repeat(KIB256)}</ToUserName></xml>`,
  `<xml><Encrypt><![CDATA[${'A'.repeat(KIB256)}</xml>`,
  `<xml><Encrypt><![CDATA[${'QUJD'.repeat(KIB256 / 4)}]]></Encrypt></xml>`,
]
const query = `msg_signature=${'0'.repeat(40)}&timestamp=1800000000&nonce=x`

let answered = 0
if (spec.mode === 'bodies') {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections })
  let i = 0
  const once = () =>
    new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}?${query}`,
          method: 'POST',
          agent,
          localAddress: '127.0.0.2', // a stranger, not WeCom
        },
        (res) => {
          res.resume()
          res.on('end', () => {
            answered++
            resolve()
          })
        },
      )
      req.on('error', () => resolve())
      req.end(bodies[i++ % bodies.length])
    })
  await Promise.all(
    Array.from({ length: spec.connections }, async () => {
      while (performance.now() < end) await once()
    }),
  )
  agent.destroy()
} else {
  const open = new Set<net.Socket>()
  const connect = () => {
    if (performance.now() >= end) return
    const socket = net.connect({
      host: target.hostname,
      port: Number(target.port),
      localAddress: '127.0.0.2',
    })
    open.add(socket)
    socket.on('error', () => {})
    socket.resume()
    const header = `POST ${target.pathname} HTTP/1.1\r\nHost: relay\r\nX-Slow: ${'s'.repeat(200)}`
    let at = 0
    const drip = setInterval(() => socket.write(header[at++ % header.length]!), 500)
    socket.once('connect', () => answered++)
    socket.once('close', () => {
      clearInterval(drip)
      open.delete(socket)
      setTimeout(connect, 1000)
    })
  }
  for (let i = 0; i < spec.sockets; i++) connect()
  await new Promise((r) => setTimeout(r, spec.durationMs))
  for (const s of open) s.destroy()
}
process.send!({ answered })
process.exit(0)
