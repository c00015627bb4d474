// Load generator for the callback bench (a child process): sends distinct, freshly sealed WeCom
// callbacks either as fast as 64 keep-alive connections allow, or at a fixed rate, and reports
// throughput and latency percentiles to the parent.

import http from 'node:http'
import { sealCallback } from '../../wecom/callback-crypto'
import { eventXml } from '../../wecom/callback-xml'

interface LoadSpec {
  url: string
  mode: 'max' | 'rate'
  rate: number
  durationMs: number
  corp: { corpId: string; token: string; encodingAesKey: string }
  /** Send adds through this code (with a welcome code each) instead of deletes. */
  add?: { state: string; userids: string[] }
}

const spec = JSON.parse(process.env.LOAD ?? '{}') as LoadSpec
const target = new URL(spec.url)
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
const latencies: number[] = []
let sent = 0
let ok = 0
const statuses: Record<string, number> = {}
let n = Math.floor(Math.random() * 1e9)

// Every request is a new event, sealed fresh, so the relay really writes each one (a replay would
// only hit the dedupe index).
function nextSealed() {
  const i = n++
  const msg = eventXml(spec.corp.corpId, {
    changeType: spec.add ? 'add_external_contact' : 'del_follow_user',
    userid: spec.add ? spec.add.userids[i % spec.add.userids.length]! : `m${i % 50}`,
    externalUserid: `wm${i}`,
    createTime: spec.add ? Math.floor(Date.now() / 1000) : 1_790_000_000 + (i % 100000),
    ...(spec.add ? { state: spec.add.state, welcomeCode: `WCR${i}` } : {}),
  })
  return sealCallback(spec.corp, msg)
}

function once(): Promise<void> {
  const sealed = nextSealed()
  sent++
  const started = performance.now()
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}?${sealed.query}`,
        method: 'POST',
        agent,
      },
      (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode === 200) ok++
          statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1
          latencies.push(performance.now() - started)
          resolve()
        })
      },
    )
    req.on('error', (e: NodeJS.ErrnoException) => {
      statuses[e.code ?? 'error'] = (statuses[e.code ?? 'error'] ?? 0) + 1
      resolve()
    })
    req.end(sealed.body)
  })
}

const start = performance.now()
const end = start + spec.durationMs
if (spec.mode === 'max') {
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (performance.now() < end) await once()
    }),
  )
} else {
  const inflight: Promise<void>[] = []
  const interval = 1000 / spec.rate
  let next = start
  while (performance.now() < end) {
    const now = performance.now()
    while (next <= now) {
      inflight.push(once())
      next += interval
    }
    await new Promise((r) => setTimeout(r, 1))
  }
  await Promise.all(inflight)
}
const elapsed = (performance.now() - start) / 1000
latencies.sort((a, b) => a - b)
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0
process.send!({ sent, ok, statuses, perSecond: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99) })
agent.destroy()
process.exit(0)
