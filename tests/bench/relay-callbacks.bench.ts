// bench relay-callbacks: how many signed, encrypted WeCom callbacks per second the relay verifies,
// decrypts and stores durably (synchronous=FULL, group commit) before answering 200, as a ratio to a
// bare Node server that answers 200 at once, on three loads:
//  - deletes (del_follow_user: no jobs),
//  - adds with a link welcome + 3 tags (two WeCom jobs per add, running against the simulator),
//  - adds with an image welcome + 3 tags.
// The load generator is wrk (one thread, 64 connections, pre-sealed distinct requests), which is not
// the bottleneck: the bare server's CPU share is printed, and no ratio is reported under 0.8 core.
// Only 200 answers count. Then p99 at a steady 1,000 req/s on each load. Targets in targets.ts.

import { fork, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { startRelay } from '../../relay'
import { sealCallback } from '../../wecom/callback-crypto'
import { eventXml } from '../../wecom/callback-xml'
import { startSandboxProcess } from './sandbox-process'
import { report } from './targets'
import { posterPngBase64 } from './poster-image'

const DURATION_S = 8
const PER_LOAD = 80_000
const API_KEY = 'bench-api-key-0123456789'
const wrk = spawnSync('wrk', ['--version'], { encoding: 'utf8' })
if (wrk.error) {
  console.error(
    'relay-callbacks needs wrk (apt-get install wrk): a Node load generator would be the bottleneck',
  )
  process.exit(1)
}

const sandbox = await startSandboxProcess({ seedRelations: { members: 50, perMember: 0, state: '' } })
const corp = { corpId: sandbox.corpId, token: sandbox.token, encodingAesKey: sandbox.encodingAesKey }
const relay = await startRelay({
  host: '127.0.0.1',
  port: 0,
  dataDir: mkdtempSync(path.join(os.tmpdir(), 'bench-relay-')),
  corps: [{ ...corp, secret: sandbox.secret, apiKey: API_KEY, apiBase: sandbox.apiBase }],
  log: () => {},
})
const callbackPath = `/callback/customerEvent/${corp.corpId}`

// A poster (what an image welcome really carries) and a link, each on its own code.
const image = { kind: 'image', fileName: 'poster.png', mimeType: 'image/png', dataBase64: posterPngBase64() }
const link = { kind: 'link', title: '门店地址', url: 'https://example.com/shop', desc: '', picUrl: '' }
for (const [state, attachment] of [
  ['link', link],
  ['image', image],
] as const) {
  const res = await fetch(`${relay.url}/api/v1/policies/${state}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      state,
      configId: `cfg-${state}`,
      name: state,
      welcome: { mode: 'own', text: '您好，欢迎！', attachment },
      tagIds: ['tag-a', 'tag-b', 'tag-c'],
      autoAccept: { mode: 'on', windows: [] },
      memberUserids: sandbox.userids,
    }),
  })
  if (res.status !== 200) throw new Error(`policy push failed: ${res.status}`)
}

type Load = 'deletes' | 'adds-link' | 'adds-image'
let serial = Math.floor(Math.random() * 1e9)
function sealedFile(load: Load, count: number): string {
  const lines: string[] = []
  for (let k = 0; k < count; k++) {
    const i = serial++
    const userid = sandbox.userids[i % sandbox.userids.length]!
    const message = eventXml(corp.corpId, {
      changeType: load === 'deletes' ? 'del_follow_user' : 'add_external_contact',
      userid,
      externalUserid: `wm${i}`,
      createTime: Math.floor(Date.now() / 1000),
      ...(load === 'deletes'
        ? {}
        : { state: load === 'adds-link' ? 'link' : 'image', welcomeCode: `WC${i}` }),
    })
    const { query, body } = sealCallback(corp, message)
    lines.push(`${callbackPath}?${query}\t${body}`)
  }
  const file = path.join(os.tmpdir(), `bench-bodies-${load}-${process.pid}.txt`)
  writeFileSync(file, lines.join('\n'))
  return file
}

/** Runs wrk in the background (the servers under test live in this process's event loop). */
async function runWrk(url: string, bodies: string): Promise<{ ok: number; total: number; seconds: number }> {
  const child = spawn(
    'wrk',
    ['-t1', '-c64', `-d${DURATION_S}s`, '-s', path.join(import.meta.dirname, 'wrk-bodies.lua'), url],
    { env: { ...process.env, WRK_BODIES: bodies }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  await new Promise((resolve) => child.once('exit', resolve))
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0)
  const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  const failed = errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0
  return { ok: Math.max(0, total - bad - failed), total, seconds: DURATION_S }
}

const bare = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => res.end(''))
})
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()))
const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}`

const deletes = sealedFile('deletes', PER_LOAD)
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const bareRun = await runWrk(bareUrl, deletes)
const bareCores = (() => {
  const c = process.cpuUsage(cpu0)
  return (c.user + c.system) / 1000 / (performance.now() - t0)
})()
const barePerSecond = bareRun.ok / bareRun.seconds
console.log(`bare node: ${barePerSecond.toFixed(0)} req/s, using ${bareCores.toFixed(2)} core`)

interface RateResult {
  ok: number
  sent: number
  p99: number
}
function steady(load: Load): Promise<RateResult> {
  const child = fork(path.join(import.meta.dirname, 'callback-load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      LOAD: JSON.stringify({
        url: `${relay.url}${callbackPath}`,
        mode: 'rate',
        rate: 1000,
        durationMs: 5000,
        corp,
        ...(load === 'deletes'
          ? {}
          : { add: { state: load === 'adds-link' ? 'link' : 'image', userids: sandbox.userids } }),
      }),
    },
  })
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as RateResult))
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)))
  })
}

let worstP99 = 0
for (const load of ['deletes', 'adds-link', 'adds-image'] as const) {
  const bodies = load === 'deletes' ? sealedFile('deletes', PER_LOAD) : sealedFile(load, PER_LOAD)
  const run = await runWrk(`${relay.url}${callbackPath}`, bodies)
  const perSecond = run.ok / run.seconds
  const rate = await steady(load)
  worstP99 = Math.max(worstP99, rate.p99)
  const detail = `${perSecond.toFixed(0)} req/s answered 200 (${run.ok}/${run.total}); p99 at 1,000 req/s ${rate.p99.toFixed(1)} ms (${rate.ok}/${rate.sent} ok)`
  if (bareCores < 0.8) {
    console.log(
      `bench relay-callbacks-${load}: no ratio — the bare server used only ${bareCores.toFixed(2)} core, so the generator was the bottleneck (unguarded ${(perSecond / barePerSecond).toFixed(2)}×: ${detail}) — MISSED`,
    )
    process.exitCode = 1
  } else report(`relay-callbacks-${load}`, perSecond / barePerSecond, detail)
}
report('relay-callbacks-p99', worstP99)

await relay.stop()
bare.close()
sandbox.stop()
