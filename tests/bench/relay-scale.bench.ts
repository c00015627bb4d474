// bench relay-scale (issue 18): several relay instances on one PostgreSQL.
//  1. Callbacks/s (signed, encrypted deletes — ingest only, no jobs) with 1 and then 2 instances,
//     each a CLI process on its own port and the same database, driven by wrk (one wrk process per
//     instance, as a balancer would spread them; a Node balancer would be the bottleneck here). For
//     each run: the CPU (cores) of every relay process, of PostgreSQL (the postmaster and all its
//     children, from /proc) and of the load generator (wrk), and which one was the limit. Target: the
//     2-instance throughput ≥ 1.5× the single one — judged only when the machine had cores to spare
//     (on 2 cores, wrk + PostgreSQL + 2 relays saturate it, and the figures then say so).
//  2. Welcome p99 under a 2,000-add burst over 10 s through the tiny balancer to 2 instances, one of
//     them killed -9 mid-burst and restarted: its claimed welcomes are taken over after the 10 s lease.

import { spawn, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CALLBACK_PATH_PREFIX } from '../../common/relay-api'
import { createWeComClient } from '../../wecom'
import { sealCallback } from '../../wecom/callback-crypto'
import { eventXml } from '../../wecom/callback-xml'
import pgDriver from 'pg'
import { postgresMissing, startPostgres } from '../fixtures/postgres'
import {
  startCluster,
  storeSettingMissing,
  type ClusterCorp,
  type RelayCluster,
} from '../fixtures/relay-cluster'
import { cpuPressureSeconds, cpuSeconds, machineBusySeconds, postmasterPid, treeCpuSeconds } from './proc-cpu'
import { corpOf, startSandboxProcess } from './sandbox-process'
import { report } from './targets'

const DURATION_S = 8
const PER_LOAD = 60_000
const API_KEY = 'scale-api-key-0123456789'
const ADDS = 2000
const SPREAD_MS = 10_000
const CORES = os.availableParallelism()

const unavailable = postgresMissing() ?? storeSettingMissing()
if (unavailable) {
  console.error(`relay-scale cannot run: ${unavailable}`)
  process.exit(1)
}
if (spawnSync('wrk', ['--version']).error) {
  console.error('relay-scale needs wrk (apt-get install wrk): a Node load generator would be the bottleneck')
  process.exit(1)
}

const pg = await startPostgres()
const pgPid = postmasterPid(pg.port)
if (!pgPid) throw new Error('cannot find the postmaster of the test server')
const sandbox = await startSandboxProcess({ seedRelations: { members: 50, perMember: 0, state: '' } })
const corp: ClusterCorp = corpOf(sandbox, API_KEY)
const callbackPath = `${CALLBACK_PATH_PREFIX}${corp.corpId}`
// The same load spread over 16 corps (same keys, own ids), as one provider's relay serves many: a
// second pair of runs shows what the per-corp counter rows and per-corp delete statements cost then.
const MANY_CORPS = 16
const manyCorps: ClusterCorp[] = Array.from({ length: MANY_CORPS }, (_, k) =>
  k === 0 ? corp : { ...corp, corpId: `${corp.corpId}x${k}`, apiKey: `${API_KEY}-${k}` },
)

let serial = Math.floor(Math.random() * 1e9)
function sealedDeletes(count: number, corps: ClusterCorp[]): string {
  const lines: string[] = []
  for (let k = 0; k < count; k++) {
    const i = serial++
    const to = corps[i % corps.length]!
    const message = eventXml(to.corpId, {
      changeType: 'del_follow_user',
      userid: sandbox.userids[i % sandbox.userids.length]!,
      externalUserid: `wm${i}`,
      createTime: Math.floor(Date.now() / 1000),
    })
    const { query, body } = sealCallback(to, message)
    lines.push(`${CALLBACK_PATH_PREFIX}${to.corpId}?${query}\t${body}`)
  }
  const file = path.join(os.tmpdir(), `bench-scale-${process.pid}-${serial}.txt`)
  writeFileSync(file, lines.join('\n'))
  return file
}

function wrk(url: string, bodies: string, connections: number) {
  const child = spawn(
    'wrk',
    [
      '-t1',
      `-c${connections}`,
      `-d${DURATION_S}s`,
      '-s',
      path.join(import.meta.dirname, 'wrk-bodies.lua'),
      url,
    ],
    { env: { ...process.env, WRK_BODIES: bodies }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const done = new Promise<number>((resolve) =>
    child.once('exit', () => {
      const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0)
      const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
      const failed = errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0
      resolve(Math.max(0, total - bad - failed))
    }),
  )
  return { pid: child.pid!, done }
}

interface ScaleRun {
  perSecond: number
  relays: number[]
  postgres: number
  generator: number
  /** Cores busy on the whole machine (kernel networking included). */
  machine: number
  /** Of the relays' statements seen running, the share waiting on a lock (what would serialise them). */
  lockWaits: number
  /** Share of the window in which some runnable task waited for a core (null: not reported). */
  cpuPressure: number | null
}

/**
 * Samples the database's active backends every 20 ms until stopped: how many were running a statement
 * and how many of those waited on a heavyweight lock (a row or tuple lock another instance holds).
 */
function sampleLockWaits(url: string) {
  const client = new pgDriver.Client({ connectionString: url })
  let active = 0
  let waiting = 0
  let running = true
  const loop = (async () => {
    await client.connect()
    while (running) {
      const r = await client.query<{ active: string; waiting: string }>(
        `SELECT count(*) AS active, count(*) FILTER (WHERE wait_event_type = 'Lock') AS waiting
         FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      )
      active += Number(r.rows[0]!.active)
      waiting += Number(r.rows[0]!.waiting)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await client.end()
  })()
  return async () => {
    running = false
    await loop
    return active > 0 ? waiting / active : 0
  }
}

/** One run of DURATION_S seconds against `count` instances; CPU sampled over the middle of it. */
async function throughput(count: number, corps: ClusterCorp[] = [corp]): Promise<ScaleRun> {
  const db = await pg.createDatabase()
  const cluster = await startCluster({ count, corps, databaseUrl: () => db })
  try {
    const files = cluster.ports.map(() => sealedDeletes(PER_LOAD / count, corps))
    const runs = cluster.ports.map((port, i) =>
      wrk(`http://127.0.0.1:${port}${callbackPath}`, files[i]!, 64 / count),
    )
    // The window: from 1 s in (connections made, JIT warm) to 1 s before the end.
    await new Promise((r) => setTimeout(r, 1000))
    const pids = cluster.instances.map((p) => p.pid)
    const sample = () => ({
      at: performance.now(),
      relays: pids.map(cpuSeconds),
      postgres: treeCpuSeconds(pgPid!),
      generator: runs.map((r) => cpuSeconds(r.pid)).reduce((a, b) => a + b, 0),
      machine: machineBusySeconds(),
      pressure: cpuPressureSeconds(),
    })
    const a = sample()
    const locks = sampleLockWaits(db)
    await new Promise((r) => setTimeout(r, (DURATION_S - 2) * 1000))
    const b = sample()
    const lockWaits = await locks()
    const ok = (await Promise.all(runs.map((r) => r.done))).reduce((x, y) => x + y, 0)
    const s = (b.at - a.at) / 1000
    return {
      perSecond: ok / DURATION_S,
      relays: b.relays.map((v, i) => (v - a.relays[i]!) / s),
      postgres: (b.postgres - a.postgres) / s,
      generator: (b.generator - a.generator) / s,
      machine: (b.machine - a.machine) / s,
      lockWaits,
      cpuPressure: a.pressure === null || b.pressure === null ? null : (b.pressure - a.pressure) / s,
    }
  } finally {
    await cluster.stop()
  }
}

function describeRun(name: string, r: ScaleRun): string {
  const parts = [
    ...r.relays.map((c, i) => [`relay${i + 1}`, c] as const),
    ['postgres', r.postgres] as const,
    ['wrk', r.generator] as const,
  ]
  const total = parts.reduce((a, [, c]) => a + c, 0)
  // A relay is one JS thread: near 1 core it is its own limit. Otherwise the busiest share says it.
  const busiest = [...parts].sort((x, y) => y[1] - x[1])[0]!
  // The machine is the limit when its cores are nearly all busy, or when runnable tasks waited for a
  // core most of the time (a 2-core machine running two relays, PostgreSQL's backends and wrk).
  const starved = r.cpuPressure !== null && r.cpuPressure >= 0.5
  const limit =
    r.machine >= CORES * 0.9 || starved
      ? `the machine (${r.machine.toFixed(2)} of ${CORES} cores busy${starved ? `, a task waiting for a core ${(r.cpuPressure! * 100).toFixed(0)} % of the time` : ''}; busiest process ${busiest[0]})`
      : busiest[1] >= 0.9
        ? `${busiest[0]} (${busiest[1].toFixed(2)} core)`
        : `none saturated (busiest ${busiest[0]} ${busiest[1].toFixed(2)} core)`
  console.log(
    `${name}: ${r.perSecond.toFixed(0)} callbacks/s; cores: ${parts.map(([n, c]) => `${n} ${c.toFixed(2)}`).join(', ')}; total ${total.toFixed(2)}, machine ${r.machine.toFixed(2)}; statements waiting on a lock ${(r.lockWaits * 100).toFixed(0)} %${r.cpuPressure === null ? '' : `; tasks waiting for a core ${(r.cpuPressure * 100).toFixed(0)} % of the time`}; limit: ${limit}`,
  )
  return limit
}

const one = await throughput(1)
const limitOne = describeRun('1 instance', one)
const two = await throughput(2)
const limitTwo = describeRun('2 instances', two)
const ratio = two.perSecond / one.perSecond
const relayCpu = (r: ScaleRun) => r.relays.reduce((a, b) => a + b, 0)
const detail = `1: ${one.perSecond.toFixed(0)}/s, 2: ${two.perSecond.toFixed(0)}/s; relay CPU ${relayCpu(one).toFixed(2)} → ${relayCpu(two).toFixed(2)} cores; limit with 1: ${limitOne}; with 2: ${limitTwo}`
// Doubling the throughput doubles the relays' and PostgreSQL's work: the machine must have the cores
// for the single-instance run's load plus that much again, or the ratio says nothing about the relay.
const coresToDouble = one.machine + relayCpu(one) + one.postgres + one.generator
if (coresToDouble > CORES * 0.95 || two.machine >= CORES * 0.9)
  // Issue 18: "where 2 cores cannot show it, the CPU figures must say which process was the limit".
  console.log(
    `bench relay-scale-ratio: ${ratio.toFixed(2)} × callbacks/s, 2 instances vs 1 (target >= 1.5); not judged — doubling the single instance's load needs ${coresToDouble.toFixed(2)} cores of this machine's ${CORES} (2 instances used ${two.machine.toFixed(2)}); ${detail}`,
  )
else report('relay-scale-ratio', ratio, detail)

// The same deletes over 16 corps: printed, not judged (the target above is the one-corp ratio).
const manyOne = await throughput(1, manyCorps)
describeRun(`1 instance, ${MANY_CORPS} corps`, manyOne)
const manyTwo = await throughput(2, manyCorps)
describeRun(`2 instances, ${MANY_CORPS} corps`, manyTwo)
console.log(
  `bench relay-scale-ratio-${MANY_CORPS}-corps: ${(manyTwo.perSecond / manyOne.perSecond).toFixed(2)} × callbacks/s, 2 instances vs 1 (not judged; one corp's figure above is the target's)`,
)

// 2. Welcome p99 under a 2,000-add burst with one of two instances killed mid-burst.
const burstDb = await pg.createDatabase()
const cluster: RelayCluster = await startCluster({ count: 2, corps: [corp], databaseUrl: () => burstDb })
await sandbox.control('setCallbackUrl', { url: `${cluster.balancer.url}${callbackPath}` })
const client = createWeComClient({ apiBase: sandbox.apiBase, corpId: sandbox.corpId, secret: sandbox.secret })
const way = await client.addContactWay({
  type: 2,
  scene: 2,
  remark: '压测',
  skip_verify: true,
  state: 'scale',
  user: sandbox.userids,
})
const pushed = await fetch(`${cluster.balancer.url}/api/v1/policies/scale`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    state: 'scale',
    configId: way.config_id,
    name: '压测',
    welcome: { mode: 'own', text: '您好，欢迎！', attachment: null },
    tagIds: [],
    autoAccept: { mode: 'on', windows: [] },
    memberUserids: sandbox.userids,
  }),
})
if (pushed.status !== 200) throw new Error(`policy push failed: ${pushed.status}`)

const scannedAt = new Map<string, number>()
const start = Date.now()
let killedAt = 0
const killer = (async () => {
  await new Promise((r) => setTimeout(r, SPREAD_MS / 2))
  killedAt = Date.now() - start
  await cluster.kill(0)
  await cluster.restart(0)
})()
await Promise.all(
  Array.from({ length: ADDS }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * SPREAD_MS) / ADDS))
    const at = Date.now()
    const scan = await sandbox.control<{ welcomeCode: string | null }>('scan', { state: 'scale' })
    if (scan.welcomeCode) scannedAt.set(scan.welcomeCode, at)
  }),
)
await killer
interface State {
  sentWelcomes: { welcomeCode: string; at: number }[]
  callbacks: { changeType: string; status: number }[]
}
let state = await sandbox.control<State>('state')
while (state.sentWelcomes.length < scannedAt.size && Date.now() - start < SPREAD_MS + 40_000) {
  await new Promise((r) => setTimeout(r, 250))
  state = await sandbox.control<State>('state')
}
await cluster.stop()
sandbox.stop()
await pg.stop()

const adds = state.callbacks.filter((c) => c.changeType === 'add_external_contact')
const answered = adds.filter((c) => c.status === 200)
// What WeCom's three tries ended on for the adds never answered 200 (0: no answer within 5 s).
const unanswered = new Map<number, number>()
for (const c of adds) if (c.status !== 200) unanswered.set(c.status, (unanswered.get(c.status) ?? 0) + 1)
const unansweredText = [...unanswered].map(([status, n]) => `${n} × ${status}`).join(', ') || 'none'
const latencies = state.sentWelcomes
  .filter((w) => scannedAt.has(w.welcomeCode))
  .map((w) => w.at - scannedAt.get(w.welcomeCode)!)
  .sort((a, b) => a - b)
const p = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? Infinity
const missing = answered.length - latencies.length
const doubled = state.sentWelcomes.length - new Set(state.sentWelcomes.map((w) => w.welcomeCode)).size
report(
  'relay-scale-welcome-p99',
  missing > 0 || doubled > 0 ? Infinity : p(0.99),
  `${scannedAt.size} adds, ${answered.length} answered 200 (not after 3 tries: ${unansweredText}), ${state.sentWelcomes.length} welcomes (${doubled} doubled, ${Math.max(0, missing)} missing); instance 1 of 2 killed -9 at ${(killedAt / 1000).toFixed(1)} s and restarted; p50 ${p(0.5)} ms, max ${p(1)} ms`,
)
