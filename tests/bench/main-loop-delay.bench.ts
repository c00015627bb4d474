// bench main-loop-delay: the shell's main loop (the Electron window's, the browser host's) while the
// core, in its worker thread (startCoreWorker, as main/index.ts runs it), connects a real corp and runs
// its first full sync: 100k relations across 500 members (batch/get_by_user for every follow member,
// 100k customers written to SQLite), against the simulator in its own process with 50 ms added to
// every answer. The page meanwhile asks for the sync status every 50 ms, as a busy UI would. The main
// loop's event-loop delay (perf_hooks.monitorEventLoopDelay) must stay below a frame.

import Database from 'better-sqlite3'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { dispatch } from '../../main/bridge/dispatch'
import { createFileSecretStore } from '../../main/secrets/file-store'
import { startCoreWorker } from '../../main/worker/core-client'
import { startSandboxProcess } from './sandbox-process'
import { report } from './targets'

const MEMBERS = 500
const PER_MEMBER = 200
const LATENCY_MS = 50

const sandbox = await startSandboxProcess({
  seedRelations: { members: MEMBERS, perMember: PER_MEMBER, state: 'bench-loop' },
  latencyMs: LATENCY_MS,
})
const dir = mkdtempSync(path.join(tmpdir(), 'bench-loop-'))
const core = await startCoreWorker({
  workerFile: path.join(import.meta.dirname, '../../main/core-worker.ts'),
  execArgv: ['--import', 'tsx'],
  core: {
    workspaceDir: dir,
    transport: 'ipc',
    version: 'bench',
    syncIntervalMs: 0,
    defaultApiBase: sandbox.apiBase,
    sandbox: true,
  },
  secrets: createFileSecretStore(path.join(dir, 'secrets.dev.json')),
})
try {
  // The same measurement with the core idle: on a shared machine the OS alone can stall a loop, and
  // this says how much of the figure is that.
  const idle = monitorEventLoopDelay({ resolution: 1 })
  idle.enable()
  await new Promise((resolve) => setTimeout(resolve, 5_000))
  idle.disable()
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  let polls = 0
  const poll = setInterval(() => {
    polls++
    void dispatch(core.handlers, 'getSyncStatus', {})
  }, 50)
  histogram.enable()
  const start = performance.now()
  // Switching to the corp runs its first sync (the workspace has no members yet) before answering.
  const connected = await dispatch(core.handlers, 'connectCorp', {
    corpId: sandbox.corpId,
    corpName: '压测企业',
    secret: sandbox.secret,
    // No relay here: its checks fail fast (connection refused) and do not block the switch.
    relayUrl: 'http://127.0.0.1:9',
    relayKey: 'bench-relay-key-0123456789',
    timeZone: 'Asia/Shanghai',
    apiBase: '',
  })
  const elapsed = performance.now() - start
  histogram.disable()
  clearInterval(poll)
  if (!connected.ok) throw new Error(`connectCorp failed: ${connected.message}`)
  const customers = countCustomers(dir)
  console.log(
    `first sync in the worker: ${customers} customers in ${Math.round(elapsed)} ms; ${polls} status calls answered meanwhile`,
  )
  if (customers < MEMBERS * PER_MEMBER) throw new Error(`expected ${MEMBERS * PER_MEMBER} customers`)
  const ms = (ns: number) => ns / 1e6
  const detail = `p50 ${ms(histogram.percentile(50)).toFixed(1)} ms, p99 ${ms(histogram.percentile(99)).toFixed(1)} ms, max ${ms(histogram.max).toFixed(1)} ms over ${Math.round(elapsed)} ms; idle core, same machine: p99 ${ms(idle.percentile(99)).toFixed(1)} ms, max ${ms(idle.max).toFixed(1)} ms`
  report('main-loop-delay-p99', ms(histogram.percentile(99)), detail)
  report('main-loop-delay-max', ms(histogram.max), detail)
} finally {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
  sandbox.stop()
}

/** Customers the sync wrote, read from the workspace's own SQLite file. */
function countCustomers(root: string): number {
  const file = readdirSync(root, { recursive: true, withFileTypes: true }).find(
    (e) => e.isFile() && e.name === 'app.sqlite' && path.basename(e.parentPath).startsWith('corp-'),
  )
  if (!file) throw new Error('no corp database')
  const db = new Database(path.join(file.parentPath, file.name), { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n
  } finally {
    db.close()
  }
}
