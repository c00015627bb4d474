// bench relay-hostile: valid WeCom callbacks' p99 at a steady 500 req/s while strangers attack the
// callback URL, as a ratio to the p99 with no attack, in one run (targets in targets.ts):
//  - bodies: 4 connections POSTing worst-case unauthenticated 256 KiB bodies back to back (the
//    first release parsed them before checking the signature, quadratically);
//  - the CPU one such request costs when it is read in full (the same attack alone, with the
//    refusal budget off);
//  - slow: 1,000 slow sockets from one other address (they are capped per address and cut at the
//    headers timeout): valid callbacks' p99 under them.
// Load generator and attacker run in their own processes, so they do not share the relay's loop.

import { fork } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startRelay } from '../../relay'
import { newEncodingAesKey } from '../../sandbox'
import { report } from './targets'

const CORP = { corpId: 'wwbenchcorp01', token: 'benchtoken123', encodingAesKey: newEncodingAesKey() }
const DURATION_MS = 6000
const RATE = 500

interface LoadResult {
  sent: number
  ok: number
  statuses: Record<string, number>
  p50: number
  p99: number
}

function child<T>(file: string, env: Record<string, string>): Promise<T> {
  const c = fork(path.join(import.meta.dirname, file), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
  })
  return new Promise((resolve, reject) => {
    c.once('message', (m) => resolve(m as T))
    c.once('exit', (code) => code !== 0 && reject(new Error(`${file} exited ${code}`)))
  })
}

const relay = await startRelay({
  host: '127.0.0.1',
  port: 0,
  dataDir: mkdtempSync(path.join(os.tmpdir(), 'bench-hostile-')),
  corps: [
    { ...CORP, secret: 'bench-secret-1', apiKey: 'bench-api-key-0123456789', apiBase: 'http://127.0.0.1:9' },
  ],
  log: () => {},
})
const url = `${relay.url}/callback/customerEvent/${CORP.corpId}`
const valid = () =>
  child<LoadResult>('callback-load.ts', {
    LOAD: JSON.stringify({ url, mode: 'rate', rate: RATE, durationMs: DURATION_MS, corp: CORP }),
  })
const attack = (mode: 'bodies' | 'slow') =>
  child<{ answered: number }>('hostile-load.ts', {
    HOSTILE: JSON.stringify({ url, mode, connections: 4, sockets: 1000, durationMs: DURATION_MS + 500 }),
  })

await child<LoadResult>('callback-load.ts', {
  LOAD: JSON.stringify({ url, mode: 'rate', rate: RATE, durationMs: 2000, corp: CORP }),
}) // warm-up
const quiet = await valid()
const [underBodies, bodies] = await Promise.all([valid(), attack('bodies')])
const [underSlow, slow] = await Promise.all([valid(), attack('slow')])
await relay.stop()

// What one hostile request costs when it is read in full: the same attack alone, against a relay
// whose refusal budget is off (with it on, most are never read), CPU of this process ÷ requests.
const open = await startRelay({
  host: '127.0.0.1',
  port: 0,
  dataDir: mkdtempSync(path.join(os.tmpdir(), 'bench-hostile-open-')),
  corps: [
    { ...CORP, secret: 'bench-secret-1', apiKey: 'bench-api-key-0123456789', apiBase: 'http://127.0.0.1:9' },
  ],
  limits: { refusalBurst: 1_000_000, refusalsPerSecond: 1_000_000 },
  log: () => {},
})
const cpuBefore = process.cpuUsage()
const unbudgeted = await child<{ answered: number }>('hostile-load.ts', {
  HOSTILE: JSON.stringify({
    url: `${open.url}/callback/customerEvent/${CORP.corpId}`,
    mode: 'bodies',
    connections: 4,
    sockets: 0,
    durationMs: 3000,
  }),
})
const cpu = process.cpuUsage(cpuBefore)
await open.stop()
const perHostile = (cpu.user + cpu.system) / 1000 / Math.max(1, unbudgeted.answered)
const ratioBodies = underBodies.p99 / quiet.p99
const ratioSlow = underSlow.p99 / quiet.p99
console.log(
  `no attack:        p50 ${quiet.p50.toFixed(1)} ms, p99 ${quiet.p99.toFixed(1)} ms, ${quiet.ok}/${quiet.sent} ok`,
)
console.log(
  `4 hostile bodies: p99 ${underBodies.p99.toFixed(1)} ms (ratio ${ratioBodies.toFixed(2)}, target <= 3), ${underBodies.ok}/${underBodies.sent} ok; ` +
    `${JSON.stringify(underBodies.statuses)} ${bodies.answered} hostile requests answered; read in full, ${perHostile.toFixed(2)} ms CPU each`,
)
console.log(
  `1000 slow sockets: p99 ${underSlow.p99.toFixed(1)} ms (ratio ${ratioSlow.toFixed(2)}, target <= 3 and < 50 ms), ${underSlow.ok}/${underSlow.sent} ok; ${slow.answered} sockets opened`,
)
report('relay-hostile-bodies', ratioBodies)
report('relay-hostile-slow', underSlow.p99, `${ratioSlow.toFixed(2)} × the p99 without attack`)
report('relay-hostile-cpu', perHostile)
