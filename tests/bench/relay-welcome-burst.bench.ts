// bench relay-welcome-burst: 2,000 customers add a salesperson within 10 s, spread over 50 members,
// with WeCom answering every call after 50 ms. Every welcome must go out inside WeCom's 20 s window;
// the figure is the p99 from the add (scan) to the welcome being accepted by WeCom.
// Target: p99 < 3 s, reported as ratio = p99 / 3000 ms (<= 1). The simulator runs in its own process.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CALLBACK_PATH_PREFIX } from '../../common/relay-api'
import { createWeComClient } from '../../wecom'
import { startRelay } from '../../relay'
import { startSandboxProcess } from './sandbox-process'

const ADDS = 2000
const MEMBERS = 50
const SPREAD_MS = 10_000
const LATENCY_MS = 50
const API_KEY = 'burst-api-key-0123456789'
const STATE = 'burst'

// Start the relay first on a fixed free port so the simulator knows where to post callbacks.
const probe = await startRelay({
  host: '127.0.0.1',
  port: 0,
  dataDir: mkdtempSync(path.join(os.tmpdir(), 'p-')),
  corps: [],
})
const port = probe.port
await probe.stop()

const sandbox = await startSandboxProcess({
  seedRelations: { members: MEMBERS, perMember: 0, state: '' },
  latencyMs: LATENCY_MS,
})
const relay = await startRelay({
  host: '127.0.0.1',
  port,
  dataDir: mkdtempSync(path.join(os.tmpdir(), 'bench-burst-')),
  corps: [
    {
      corpId: sandbox.corpId,
      token: sandbox.token,
      encodingAesKey: sandbox.encodingAesKey,
      secret: sandbox.secret,
      apiKey: API_KEY,
      apiBase: sandbox.apiBase,
    },
  ],
  log: () => {},
})
await sandbox.control('setCallbackUrl', { url: `${relay.url}${CALLBACK_PATH_PREFIX}${sandbox.corpId}` })

const client = createWeComClient({ apiBase: sandbox.apiBase, corpId: sandbox.corpId, secret: sandbox.secret })
const way = await client.addContactWay({
  type: 2,
  scene: 2,
  remark: '压测',
  skip_verify: true,
  state: STATE,
  user: sandbox.userids,
})
await fetch(`${relay.url}/api/v1/policies/${STATE}`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    state: STATE,
    configId: way.config_id,
    name: '压测',
    welcome: {
      mode: 'own',
      text: '您好，欢迎！',
      attachment: { kind: 'link', title: '门店地址', url: 'https://example.com/shop', desc: '', picUrl: '' },
    },
    tagIds: [],
    autoAccept: { mode: 'on', windows: [] },
    memberUserids: sandbox.userids,
  }),
})

const scannedAt = new Map<string, number>()
const start = Date.now()
await Promise.all(
  Array.from({ length: ADDS }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * SPREAD_MS) / ADDS))
    const at = Date.now()
    const scan = await sandbox.control<{ welcomeCode: string | null }>('scan', { state: STATE })
    if (scan.welcomeCode) scannedAt.set(scan.welcomeCode, at)
  }),
)

interface State {
  sentWelcomes: { welcomeCode: string; at: number }[]
}
let state = await sandbox.control<State>('state')
while (state.sentWelcomes.length < ADDS && Date.now() - start < SPREAD_MS + 25_000) {
  await new Promise((r) => setTimeout(r, 250))
  state = await sandbox.control<State>('state')
}
await relay.stop()
sandbox.stop()

const latencies = state.sentWelcomes
  .map((w) => w.at - (scannedAt.get(w.welcomeCode) ?? w.at))
  .sort((a, b) => a - b)
const p = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? Infinity
const late = latencies.filter((l) => l > 20_000).length
console.log(
  `${scannedAt.size} adds, ${state.sentWelcomes.length} welcomes sent, ${late} after 20 s; p50 ${p(0.5)} ms, max ${p(1)} ms`,
)
if (state.sentWelcomes.length < ADDS) console.log(`MISSING ${ADDS - state.sentWelcomes.length} welcomes`)
const p99 = state.sentWelcomes.length < ADDS ? Infinity : p(0.99)
console.log(`bench relay-welcome-burst: ${p99} ms p99; ratio ${(p99 / 3000).toFixed(2)} (target <= 1)`)
