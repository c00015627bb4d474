// bench sync-full: the sync's full customer reconcile (batch/get_by_user for every follow member) over
// 100k relations across 500 members, against the sandbox with 50 ms added to every answer, as a ratio
// to the fixed bound: the fewest calls any client needs (1,000) × latency ÷ concurrency = 6.25 s
// (targets.ts). The client's per-minute cap is lifted here so the figure measures the overlap (the cap
// is a separate, deliberate brake).

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDatabase } from '../../main/db'
import { runCustomersPhase } from '../../main/sync/customers-phase'
import type { SyncDeps } from '../../main/sync/ports'
import { createWeComClient } from '../../wecom'
import { startSandboxProcess } from './sandbox-process'
import { createConnectivity } from '../../main/sync/connectivity'
import { cpuSeconds } from './proc-cpu'
import { report } from './targets'

const MEMBERS = 500
const PER_MEMBER = 200
const LATENCY_MS = 50
const CONCURRENCY = 8
const STATE = 'bench-full'
const writerMode = (['auto', 'thread', 'inline'] as const).find((m) => m === process.env.SYNC_FULL_WRITER)

const sandbox = await startSandboxProcess({
  seedRelations: { members: MEMBERS, perMember: PER_MEMBER, state: STATE },
  latencyMs: LATENCY_MS,
})
const dir = mkdtempSync(path.join(tmpdir(), 'bench-full-'))
const db = openDatabase(path.join(dir, 'app.db'))
try {
  const { userids } = sandbox
  db.members.replaceAll(
    userids.map((userid) => ({ userid, name: userid, departmentIds: [1], status: 1, canFollow: true })),
    Date.now(),
  )
  const code = db.codes.insert({
    configId: 'bench-config',
    state: STATE,
    name: '压测活码',
    qrUrl: '',
    creator: 'bench',
    createdAt: Date.now(),
    memberUserids: userids.slice(0, 100),
    tagIds: [],
    welcome: { mode: 'none', text: '', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
  })
  const wecom = createWeComClient({
    apiBase: sandbox.apiBase,
    corpId: sandbox.corpId,
    secret: sandbox.secret,
    maxConcurrency: CONCURRENCY,
    callsPerMinute: 1_000_000,
  })
  await wecom.getToken()
  const deps: SyncDeps = {
    db,
    wecom: () => wecom,
    relay: () => null,
    codes: {
      pushPending: () => Promise.reject(new Error('unused')),
      pendingPushes: () => 0,
      importFromWeCom: () => Promise.reject(new Error('unused')),
      cacheMissingQr: () => Promise.reject(new Error('unused')),
      carryOutDueDeletes: () => Promise.resolve({ done: 0, failed: 0, error: null }),
    },
    connectivity: createConnectivity(),
    settings: () => ({ timeZone: 'Asia/Shanghai' }),
    reconcileConcurrency: CONCURRENCY,
    // SYNC_FULL_WRITER=inline measures the store step on the main loop, for a before/after on one load.
    ...(writerMode ? { reconcileWriter: writerMode } : {}),
  }
  const callsBefore = await totalCalls()
  const start = performance.now()
  const cpuBefore = { app: process.cpuUsage(), simulator: cpuSeconds(sandbox.pid) }
  const result = await runCustomersPhase(deps, () => {})
  const elapsed = performance.now() - start
  const appCpu = process.cpuUsage(cpuBefore.app)
  const simulatorCpu = cpuSeconds(sandbox.pid) - cpuBefore.simulator
  const calls = (await totalCalls()) - callsBefore
  const counts = db.relations.counts(code.id)
  console.log(
    `reconciled ${result.members} members, ${result.customers} customers, ${counts.cumulative} relations in ${calls} calls, ${Math.round(elapsed)} ms`,
  )
  if (counts.cumulative !== MEMBERS * PER_MEMBER)
    throw new Error(`expected ${MEMBERS * PER_MEMBER} relations`)
  // The fixed bound: the fewest calls any client needs (batch/get_by_user answers at most 100
  // contacts a call), overlapped at the allowed concurrency — not this client's own call count.
  const fewest = Math.ceil((MEMBERS * PER_MEMBER) / 100)
  const bound = (fewest * LATENCY_MS) / CONCURRENCY
  report(
    'sync-full',
    elapsed / bound,
    // The CPU beside it: the desktop's (main loop and page writer thread) and the simulator's, which
    // shares this machine's cores and whose answer time adds to every call.
    `${Math.round(elapsed)} ms, ${calls} calls (fewest ${fewest}); bound ${bound} ms; CPU: desktop ${((appCpu.user + appCpu.system) / 1e6).toFixed(2)} s, simulator ${simulatorCpu.toFixed(2)} s`,
  )
} finally {
  db.close()
  rmSync(dir, { recursive: true, force: true })
  sandbox.stop()
}

/** API calls the simulator served, except the token (fetched before the clock starts). */
async function totalCalls(): Promise<number> {
  const state = await sandbox.control<{ calls: Record<string, number> }>('state')
  return Object.values(state.calls).reduce((a, b) => a + b, 0)
}
