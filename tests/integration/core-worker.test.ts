// The core in its worker thread (main/core-worker.ts via startCoreWorker), as the Electron shell and
// the browser host run it: the same answers as createCore in-process, input still validated where it
// arrives (the dispatcher, before anything is posted), events forwarded, secrets kept by the main
// thread's store — and the Electron bundle of the worker (CommonJS, esbuild) runs in plain Node too.

import { readFileSync } from 'node:fs'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import { afterEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../main/bridge/dispatch'
import type { Core } from '../../main/core-types'
import { createFileSecretStore } from '../../main/secrets/file-store'
import type { SecretKey, SecretStore } from '../../main/secrets/types'
import { startCoreWorker } from '../../main/worker/core-client'
import type { SyncStatus } from '../../common/domain'
import { relayWorld, API_KEY, type RelayWorld } from './relay-fixture'

const repo = path.resolve(__dirname, '../..')
const TS_WORKER = path.join(repo, 'main/core-worker.ts')
let cores: Core[] = []
let world: RelayWorld | null = null
afterEach(async () => {
  for (const core of cores) await core.close()
  cores = []
  await world?.stop()
  world = null
})

async function workerCore(dir: string, secrets: SecretStore, extra: { defaultApiBase?: string } = {}) {
  const core = await startCoreWorker({
    workerFile: TS_WORKER,
    execArgv: ['--import', 'tsx'],
    core: {
      workspaceDir: dir,
      transport: 'http',
      version: 'worker-test',
      syncIntervalMs: 0,
      sandbox: true,
      ...extra,
    },
    secrets,
  })
  cores.push(core)
  return core
}

/** A file store that also records which keys the worker asked the main thread for. */
function recordingStore(file: string, asked: string[]): SecretStore {
  const inner = createFileSecretStore(file)
  return {
    backend: inner.backend,
    get: (key: SecretKey) => (asked.push(`get ${key}`), inner.get(key)),
    set: (key: SecretKey, value: string) => (asked.push(`set ${key}`), inner.set(key, value)),
    delete: (key: SecretKey) => (asked.push(`delete ${key}`), inner.delete(key)),
  }
}

describe('the core in a worker thread', () => {
  it('answers the contract over the sandbox, validates at the dispatcher and forwards events', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'core-worker-'))
    const core = await workerCore(dir, createFileSecretStore(path.join(dir, 'secrets.dev.json')))
    expect(await dispatch(core.handlers, 'getAppInfo', {})).toEqual({
      ok: true,
      value: expect.objectContaining({ version: 'worker-test', transport: 'http', workspaceDir: dir }),
    })
    expect(await dispatch(core.handlers, 'getWorkspace', {})).toMatchObject({
      ok: true,
      value: { kind: 'sandbox', secretStorage: 'file-fake' },
    })
    const members = await core.handlers.listMembers({})
    expect(members.members.length).toBeGreaterThan(10)

    // Refused by the contract's schema before the worker sees it: the same failure as in-process.
    const invalid = await dispatch(core.handlers, 'createCode', { name: '' })
    expect(invalid).toMatchObject({ ok: false, code: 'VALIDATION' })
    // A failure shaped inside the worker comes back unchanged (code, Chinese message).
    const missing = await dispatch(core.handlers, 'getCode', { id: 999_999 })
    expect(missing).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
    })

    const created = await core.handlers.createCode({
      name: '线程里的码',
      memberUserids: ['zhangwei'],
      tagIds: [],
      welcome: { mode: 'none', text: '', attachment: null },
      autoAccept: { mode: 'on', windows: [] },
    })
    expect(created.name).toBe('线程里的码')

    const finished: SyncStatus[] = []
    core.subscribe('onDidFinishSync', (status) => finished.push(status))
    await core.handlers.runSync({})
    await expect.poll(() => finished.length, { timeout: 10_000 }).toBeGreaterThan(0)
    expect(finished[0]!.lastSuccessAt).not.toBeNull()
  })

  it('keeps a workspace across a restart of the worker', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'core-worker-'))
    const secrets = createFileSecretStore(path.join(dir, 'secrets.dev.json'))
    const first = await workerCore(dir, secrets)
    const code = await first.handlers.createCode({
      name: '重启后还在',
      memberUserids: ['zhangwei'],
      tagIds: [],
      welcome: { mode: 'none', text: '', attachment: null },
      autoAccept: { mode: 'on', windows: [] },
    })
    await first.close()
    cores = []
    const second = await workerCore(dir, secrets)
    expect((await second.handlers.getCode({ id: code.id })).name).toBe('重启后还在')
    // After close, a call fails as a shaped INTERNAL answer instead of hanging.
    expect(await dispatch(first.handlers, 'getWorkspace', {})).toMatchObject({ ok: false, code: 'INTERNAL' })
  })

  it('reads and saves a real corp secret through the main thread’s secret store', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'core-worker-'))
    world = await relayWorld()
    const asked: string[] = []
    const file = path.join(dir, 'secrets.dev.json')
    const core = await workerCore(dir, recordingStore(file, asked), { defaultApiBase: world.sandbox.apiBase })
    const accepted = await core.handlers.connectCorp({
      corpId: world.sandbox.corpId,
      corpName: '测试企业',
      secret: world.sandbox.secret,
      relayUrl: world.relay.url,
      relayKey: API_KEY,
      timeZone: 'Asia/Shanghai',
      apiBase: '',
    })
    expect(accepted.ok).toBe(true)
    expect(asked).toEqual(expect.arrayContaining(['set corpSecret', 'set relayKey', 'get corpSecret']))
    // Written by the main thread's store, where Electron's safeStorage would encrypt it.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      corpSecret: world.sandbox.secret,
      relayKey: API_KEY,
    })
    expect(await core.handlers.getWorkspace({})).toMatchObject({
      kind: 'corp',
      hasSecret: true,
      hasRelayKey: true,
    })
  })

  it('the Electron bundle of the worker (CommonJS) runs in a plain Node worker thread', async () => {
    // Built inside the project (test-results/, ignored) so its externals resolve from node_modules as
    // they do from dist/main.
    mkdirSync(path.join(repo, 'test-results'), { recursive: true })
    const out = mkdtempSync(path.join(repo, 'test-results', 'core-worker-build-'))
    const outfile = path.join(out, 'core-worker.cjs')
    await build({
      entryPoints: [path.join(repo, 'main/core-worker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      logLevel: 'warning',
      external: ['electron', 'better-sqlite3', '@resvg/resvg-js'],
    })
    const dir = mkdtempSync(path.join(os.tmpdir(), 'core-worker-'))
    const core = await startCoreWorker({
      workerFile: outfile,
      core: { workspaceDir: dir, transport: 'ipc', version: 'bundle', syncIntervalMs: 0, sandbox: true },
      secrets: createFileSecretStore(path.join(dir, 'secrets.dev.json')),
    })
    cores.push(core)
    expect(await core.handlers.getAppInfo({})).toMatchObject({ version: 'bundle', transport: 'ipc' })
    expect((await core.handlers.listMembers({})).members.length).toBeGreaterThan(10)
    await core.close()
    cores = []
    rmSync(out, { recursive: true, force: true })
  })
})
