// The registry as operators run it (the CLI child process), killed -9 while desktops push edits to
// the same codes concurrently: every push answered 200 is stored at exactly the version it was told,
// the corp's versions run 1..N without a gap, and each code's changes form one unbroken chain (each
// starts from the version before it), so no version is lost, duplicated or reordered.

import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { newEncodingAesKey } from '../../sandbox'
import { RegistryStore } from '../../relay/registry/store'
import type { RegistryEntry } from '../../common/relay-api'
import { freePort, until } from './corp-world'

const CORP = { corpId: 'wwregcrash01', token: 'crashtoken123', encodingAesKey: newEncodingAesKey() }
const KEY = 'registry-crash-key-0123456789'
const CODES = ['lccode0', 'lccode1', 'lccode2']
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

function startCli(config: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts'], {
    env: { ...process.env, RELAY_CONFIG: config },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (/relay listening/.test(out)) resolve(child)
    })
    child.once('exit', (code) => reject(new Error(`relay exited ${code}: ${out}`)))
  })
}

const record = (codeKey: string, note: string) => ({
  name: `活码${codeKey}`,
  creator: '压测',
  state: codeKey,
  configId: `cfg-${codeKey}`,
  qrUrl: '',
  createdAt: 1,
  updatedAt: 1,
  origin: 'app',
  memberUserids: ['m1'],
  tagIds: [],
  welcome: { mode: 'none', text: '', attachment: null },
  autoAccept: { mode: 'on', windows: [] },
  note,
})

/** One push; null when the relay did not answer (down, restarting, killed mid-request). */
async function pushOnce(port: number, codeKey: string, baseVersion: number, note: string) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/registry/${codeKey}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ codeKey, baseVersion, record: record(codeKey, note) }),
    })
    const body = (await res.json()) as { version?: number; current?: RegistryEntry | null }
    return { status: res.status, body }
  } catch {
    return null
  }
}

/** Desktops editing the same codes: each edit starts from the version it last saw, and on a 409 from the current one. */
function editors(port: number, count: number) {
  const accepted: { codeKey: string; version: number; base: number; note: string }[] = []
  let stop = false
  let n = 0
  const workers = Array.from({ length: count }, async (_, w) => {
    const seen = new Map<string, number>()
    while (!stop) {
      const codeKey = CODES[n % CODES.length]!
      const note = `w${w}-${n++}`
      const base = seen.get(codeKey) ?? 0
      const answer = await pushOnce(port, codeKey, base, note)
      if (!answer) {
        await new Promise((r) => setTimeout(r, 20)) // the relay is restarting: WeCom-style pacing
        continue
      }
      if (answer.status === 200) {
        accepted.push({ codeKey, version: answer.body.version!, base, note })
        seen.set(codeKey, answer.body.version!)
      } else if (answer.status === 409) seen.set(codeKey, answer.body.current?.version ?? 0)
      else throw new Error(`unexpected ${answer.status}`)
    }
  })
  return {
    accepted,
    async stop() {
      stop = true
      await Promise.all(workers)
    },
  }
}

describe('the relay registry under kill -9', () => {
  it('keeps every accepted version, gap-free and chained per code, across three kills under concurrent pushes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'registry-crash-'))
    const port = await freePort()
    const config = path.join(dir, 'relay.config.json')
    writeFileSync(
      config,
      JSON.stringify({
        host: '127.0.0.1',
        port,
        dataDir: path.join(dir, 'data'),
        corps: [{ ...CORP, secret: 'crash-secret-123', apiKey: KEY, apiBase: 'http://127.0.0.1:9' }],
      }),
    )
    let relay = await startCli(config)
    const load = editors(port, 8)
    for (let kill = 0; kill < 3; kill++) {
      const before = load.accepted.length
      await until(() => load.accepted.length > before + 40, 20_000)
      relay.kill('SIGKILL')
      await new Promise((r) => relay.once('exit', r))
      relay = await startCli(config)
    }
    const before = load.accepted.length
    await until(() => load.accepted.length > before + 40, 20_000)
    await load.stop()
    relay.kill('SIGTERM')
    await new Promise((r) => relay.once('exit', r))

    const db = new Database(path.join(dir, 'data', 'relay.sqlite'), { readonly: true })
    const registry = new RegistryStore(db)
    const changes = registry.changes(CORP.corpId)
    expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => i + 1))
    const bySeq = new Map(changes.map((c) => [c.seq, c]))
    for (const a of load.accepted) {
      const stored = bySeq.get(a.version)
      expect(stored, `accepted version ${a.version}`).toBeDefined()
      expect([stored!.codeKey, stored!.baseVersion, stored!.record.note]).toEqual([a.codeKey, a.base, a.note])
    }
    for (const codeKey of CODES) {
      const chain = changes.filter((c) => c.codeKey === codeKey)
      chain.forEach((c, i) => expect(c.baseVersion).toBe(i === 0 ? 0 : chain[i - 1]!.seq))
      expect(registry.get(CORP.corpId, codeKey)?.version).toBe(chain.at(-1)!.seq)
    }
    expect(new Set(load.accepted.map((a) => a.version)).size).toBe(load.accepted.length)
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }, 90_000)
})
