// bench relay-callbacks: how many signed, encrypted WeCom callbacks per second the relay verifies,
// decrypts and stores durably (synchronous=FULL, group commit) before answering, compared with a bare
// Node HTTP server that answers 200 at once, driven by the same load generator in the same run.
// Target: ratio >= 0.5. Also reports p99 latency at a steady 1,000 req/s (target < 25 ms).
// The load generator runs in its own process so it does not share the relay's event loop.

import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { startRelay } from '../../relay'
import { newEncodingAesKey } from '../../sandbox'

const CORP = { corpId: 'wwbenchcorp01', token: 'benchtoken123', encodingAesKey: newEncodingAesKey() }
const DURATION_MS = 8000

interface LoadResult {
  sent: number
  ok: number
  perSecond: number
  p50: number
  p99: number
}

function load(url: string, mode: 'max' | 'rate', rate = 0): Promise<LoadResult> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'callback-load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOAD: JSON.stringify({ url, mode, rate, durationMs: DURATION_MS, corp: CORP }) },
  })
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as LoadResult))
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)))
  })
}

const bare = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => res.end(''))
})
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()))
const barePort = (bare.address() as { port: number }).port

const relay = await startRelay({
  host: '127.0.0.1',
  port: 0,
  dataDir: mkdtempSync(path.join(os.tmpdir(), 'bench-relay-')),
  corps: [
    { ...CORP, secret: 'bench-secret-1', apiKey: 'bench-api-key-0123456789', apiBase: 'http://127.0.0.1:9' },
  ],
  log: () => {},
})
const relayUrl = `${relay.url}/callback/customerEvent/${CORP.corpId}`

const bareMax = await load(`http://127.0.0.1:${barePort}/callback/customerEvent/${CORP.corpId}`, 'max')
const relayMax = await load(relayUrl, 'max')
const relayRate = await load(relayUrl, 'rate', 1000)
await relay.stop()
bare.close()

console.log(`bare node:   ${bareMax.perSecond.toFixed(0)} req/s (p99 ${bareMax.p99.toFixed(1)} ms)`)
console.log(
  `relay (max): ${relayMax.perSecond.toFixed(0)} req/s (p99 ${relayMax.p99.toFixed(1)} ms), ${relayMax.ok}/${relayMax.sent} answered 200`,
)
console.log(
  `relay at 1000 req/s: p50 ${relayRate.p50.toFixed(1)} ms, p99 ${relayRate.p99.toFixed(1)} ms (target < 25 ms), ${relayRate.ok}/${relayRate.sent} ok`,
)
const ratio = relayMax.perSecond / bareMax.perSecond
console.log(
  `bench relay-callbacks: ${relayMax.perSecond.toFixed(0)} req/s; ratio ${ratio.toFixed(2)} (target >= 0.5)`,
)
