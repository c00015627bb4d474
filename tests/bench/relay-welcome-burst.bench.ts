// bench relay-welcome-burst: 2,000 customers add a salesperson within 10 s, spread over 50 members,
// through a code on the expensive path of issue 17 — an image (a 1.4 MB poster) and a link whose
// cover is uploaded from disk, the customer's name as a placeholder (one externalcontact/get per add
// inside the 20 s), 3 tags and an auto remark (the name the welcome read, then remark) — with WeCom
// answering every call after 50 ms. Every welcome must go out inside WeCom's 20 s window; the figures are the p99 from
// the add (scan) to the welcome being accepted by WeCom, the share inside 20 s, the welcomes late or
// missing, the uploads (one image: one upload; one cover: one uploadimg), the remarks written, and
// the relay's CPU per add. The relay runs as operators run it (the CLI, a process of its own, read
// from /proc), the simulator in another, so neither the driver's 2,000 scan calls nor the simulator
// count against the relay. Targets in targets.ts.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CALLBACK_PATH_PREFIX } from '../../common/relay-api'
import { createWeComClient } from '../../wecom'
import { startRelay } from '../../relay'
import { startRelayProcess, writeRelayConfig } from '../fixtures/relay-process'
import { cpuSeconds } from './proc-cpu'
import { corpOf, startSandboxProcess } from './sandbox-process'
import { report } from './targets'
import { posterPngBase64 } from './poster-image'

const ADDS = 2000
const MEMBERS = 50
const SPREAD_MS = 10_000
const LATENCY_MS = 50
const API_KEY = 'burst-api-key-0123456789'
const STATE = 'burst'
/** A small PNG for the link's cover (the simulator checks the signature, not the pixels). */
const COVER = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(2048, 9),
]).toString('base64')

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
  seed: true, // for its tag groups
  seedRelations: { members: MEMBERS, perMember: 0, state: '' },
  latencyMs: LATENCY_MS,
})
const relayDir = mkdtempSync(path.join(os.tmpdir(), 'bench-burst-'))
const relayProcess = await startRelayProcess(
  writeRelayConfig(path.join(relayDir, 'relay.config.json'), {
    host: '127.0.0.1',
    port,
    dataDir: path.join(relayDir, 'data'),
    corps: [corpOf(sandbox, API_KEY)],
  }),
)
const relay = { url: `http://127.0.0.1:${relayProcess.port}`, stop: () => relayProcess.stop() }
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
// Three of the corp's tags (the simulator's seeded groups).
const groups = await client.getCorpTagList()
const tagIds = groups.flatMap((g) => g.tag.map((t) => t.id)).slice(0, 3)
await fetch(`${relay.url}/api/v1/policies/${STATE}`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    state: STATE,
    configId: way.config_id,
    name: '压测',
    welcome: { mode: 'own', text: '{客户昵称}您好，欢迎！', attachment: null },
    welcomeAttachments: [
      { kind: 'image', fileName: 'poster.png', mimeType: 'image/png', dataBase64: posterPngBase64() },
      {
        kind: 'link',
        title: '本周活动',
        url: 'https://example.com/this-week',
        desc: '点开看看',
        picUrl: '',
        cover: { fileName: 'cover.png', mimeType: 'image/png', dataBase64: COVER },
      },
    ],
    autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '来自{渠道名称}' },
    tagIds,
    autoAccept: { mode: 'on', windows: [] },
    memberUserids: sandbox.userids,
  }),
})

const scannedAt = new Map<string, number>()
const cpuBefore = cpuSeconds(relayProcess.pid)
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
  markedTags: unknown[]
  remarks: unknown[]
  calls: Record<string, number>
}
let state = await sandbox.control<State>('state')
while (
  (state.sentWelcomes.length < ADDS || state.markedTags.length < ADDS || state.remarks.length < ADDS) &&
  Date.now() - start < SPREAD_MS + 50_000 // remarks run after the 20 s window
) {
  // The figures come from the simulator's own timestamps, so the driver asks seldom: each answer
  // carries every send so far.
  await new Promise((r) => setTimeout(r, 1000))
  state = await sandbox.control<State>('state')
}
const cpuMs = (cpuSeconds(relayProcess.pid) - cpuBefore) * 1000
// What became of the relay's jobs, by kind and status (and errcode), to read beside the figures.
const outcomes = new Map<string, number>()
for (let after = 0; ;) {
  const res = await fetch(`${relay.url}/api/v1/actions?after=${after}&limit=1000&kinds=all`, {
    headers: { authorization: `Bearer ${API_KEY}` },
  })
  const page = (await res.json()) as {
    actions: { kind: string; status: string; errcode: number | null; lastError: string | null }[]
    nextCursor: number
    hasMore: boolean
  }
  for (const a of page.actions) {
    const key = `${a.kind}/${a.status}${a.errcode ? `/${a.errcode}` : ''}${a.status !== 'done' ? `/${(a.lastError ?? '').slice(0, 40)}` : ''}`
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
  }
  if (!page.hasMore) break
  after = page.nextCursor
}
console.log('jobs:', JSON.stringify(Object.fromEntries(outcomes)))
await relay.stop()
sandbox.stop()

const latencies = state.sentWelcomes
  .map((w) => w.at - (scannedAt.get(w.welcomeCode) ?? w.at))
  .sort((a, b) => a - b)
const p = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? Infinity
const late = latencies.filter((l) => l > 20_000).length
const missing = ADDS - state.sentWelcomes.length
const uploads = state.calls['/cgi-bin/media/upload'] ?? 0
const coverUploads = state.calls['/cgi-bin/media/uploadimg'] ?? 0
const inTime = latencies.filter((l) => l <= 20_000).length
console.log(
  `${scannedAt.size} adds, ${state.sentWelcomes.length} welcomes sent, ${state.markedTags.length} taggings, ${state.remarks.length} remarks, ${late} after 20 s; p50 ${p(0.5)} ms, max ${p(1)} ms; ${state.calls['/cgi-bin/externalcontact/get'] ?? 0} externalcontact/get`,
)
report('relay-welcome-burst', missing > 0 ? Infinity : p(0.99))
report('relay-welcome-burst-late', late + missing)
report('relay-welcome-burst-uploads', uploads)
report('relay-welcome-burst-share', Math.floor((inTime / ADDS) * 1000) / 10)
report('relay-welcome-burst-cover-uploads', coverUploads)
report('relay-welcome-burst-remarks', ADDS - state.remarks.length)
report('relay-welcome-burst-cpu', Math.round((cpuMs / ADDS) * 100) / 100)
