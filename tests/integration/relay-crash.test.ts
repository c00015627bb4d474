// The relay as operators run it (a child process from the CLI): config errors stop it with one line,
// SIGTERM drains under load, and after kill -9s under WeCom-style retried load every event it answered
// 200 is stored exactly once, with exactly one job of each kind per add.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sealCallback } from '../../wecom/callback-crypto'
import { eventXml } from '../../wecom/callback-xml'
import { newEncodingAesKey } from '../../sandbox'
import { freePort, until } from './corp-world'

const CORP = { corpId: 'wwcrashtest01', token: 'crashtoken123', encodingAesKey: newEncodingAesKey() }
const API_KEY = 'crash-test-key-0123456789'
const STATE = 'crashstate'
const children: ChildProcess[] = []

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

function configFile(dir: string, override: Record<string, unknown> = {}): string {
  const file = path.join(dir, 'relay.config.json')
  const config = {
    host: '127.0.0.1',
    port: 0,
    dataDir: path.join(dir, 'data'),
    corps: [{ ...CORP, secret: 'crash-secret-123', apiKey: API_KEY, apiBase: 'http://127.0.0.1:9' }],
    ...override,
  }
  writeFileSync(file, JSON.stringify(config))
  return file
}

function startCli(config: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts'], {
    env: { ...process.env, RELAY_CONFIG: config },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /relay listening on http:\/\/[^:]+:(\d+)/.exec(out)
      if (m) resolve({ child, port: Number(m[1]) })
    })
    child.once('exit', (code) => reject(new Error(`relay exited ${code}: ${out}`)))
  })
}

function runCli(config: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts'], {
      env: { ...process.env, RELAY_CONFIG: config },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('exit', (code) => resolve({ code, stderr }))
  })
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })

/** Event n: an add (with a welcome code and a state, so it makes jobs) or a deletion. */
function eventOf(n: number): string {
  const add = n % 3 !== 2
  return eventXml(CORP.corpId, {
    changeType: add ? 'add_external_contact' : 'del_follow_user',
    userid: `member${n % 7}`,
    externalUserid: `wmcustomer${n}`,
    createTime: 1_790_000_000 + n,
    ...(add ? { state: STATE, welcomeCode: `wc${n}` } : {}),
  })
}

/** One attempt, freshly encrypted and signed as WeCom's every retry is. */
function postOnce(port: number, n: number): Promise<number> {
  const { query, body } = sealCallback(CORP, eventOf(n))
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: `/callback/customerEvent/${CORP.corpId}?${query}`,
        method: 'POST',
        agent,
      },
      (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      },
    )
    req.on('error', () => resolve(0))
    req.end(body)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * WeCom delivering a stream of events: each is retried, re-encrypted, until answered 200 (while the
 * relay is down or restarting), and every third one is sent again after its 200 — the retry WeCom
 * makes when an answer was lost. Returns the events answered 200 at least once.
 */
function weComLoad(port: number, senders: number) {
  const answered = new Set<number>()
  let next = 0
  let stop = false
  const workers = Array.from({ length: senders }, async () => {
    while (!stop) {
      const n = next++
      for (let attempt = 0; !stop || attempt === 0; attempt++) {
        if ((await postOnce(port, n)) === 200) {
          answered.add(n)
          break
        }
        await sleep(20)
      }
      if (n % 3 === 0 && answered.has(n)) await postOnce(port, n)
    }
  })
  return {
    answered,
    async stop() {
      stop = true
      await Promise.all(workers)
    },
  }
}

async function page<T>(port: number, route: string, key: string): Promise<T[]> {
  const out: T[] = []
  let after = 0
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/${route}?after=${after}&limit=1000`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    })
    const body = (await res.json()) as Record<string, unknown> & { nextCursor: number; hasMore: boolean }
    out.push(...(body[key] as T[]))
    after = body.nextCursor
    if (!body.hasMore) return out
  }
}

async function pushPolicy(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/policies/${STATE}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      state: STATE,
      configId: 'crash-config-id',
      name: '压测活码',
      welcome: { mode: 'own', text: '欢迎', attachment: null },
      tagIds: ['tag1'],
      autoAccept: { mode: 'on', windows: [] },
      memberUserids: ['member0'],
    }),
  })
  expect(res.status).toBe(200)
}

/** Every answered event stored exactly once, and each stored add with exactly one tags job. */
async function expectExactlyOnce(port: number, answered: Set<number>) {
  const events = await page<{ externalUserid: string; changeType: string }>(port, 'events', 'events')
  const ids = events.map((e) => e.externalUserid)
  expect(new Set(ids).size).toBe(ids.length)
  const lost = [...answered].filter((n) => !ids.includes(`wmcustomer${n}`))
  expect(lost).toEqual([])
  const adds = events.filter((e) => e.changeType === 'add_external_contact').map((e) => e.externalUserid)
  const jobs = await page<{ kind: string; externalUserid: string }>(port, 'actions', 'actions')
  const tagJobs = jobs.filter((j) => j.kind === 'tags').map((j) => j.externalUserid)
  expect(tagJobs.sort()).toEqual([...adds].sort())
  const welcomeJobs = jobs.filter((j) => j.kind === 'welcome').map((j) => j.externalUserid)
  expect(welcomeJobs.sort()).toEqual([...adds].sort())
  return events.length
}

describe('the relay process', () => {
  it('stops at start with one line when the config is wrong', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-cfg-'))
    const bad = await runCli(
      configFile(dir, { corps: [{ ...CORP, encodingAesKey: 'short', secret: 'x', apiKey: 'k' }] }),
    )
    expect(bad.code).not.toBe(0)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/invalid config .*encodingAesKey/)
    const missing = await runCli(path.join(dir, 'nope.json'))
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toMatch(/config file not found/)
  })

  it('killed -9 three times under WeCom-style retried load: every answered event once, one job each', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-crash-'))
    const port = await freePort()
    const config = configFile(dir, { port })
    let relay = await startCli(config)
    await pushPolicy(port)
    const load = weComLoad(port, 16)
    for (let kill = 0; kill < 3; kill++) {
      const before = load.answered.size
      await until(() => load.answered.size > before + 60, 20_000)
      relay.child.kill('SIGKILL')
      await new Promise((r) => relay.child.once('exit', r))
      relay = await startCli(config)
    }
    await until(() => load.answered.size > 300, 20_000)
    await load.stop()
    const stored = await expectExactlyOnce(port, load.answered)
    expect(stored).toBeGreaterThanOrEqual(load.answered.size)
  }, 90_000)

  it('SIGTERM under load drains within seconds, exits 0, and keeps every event it answered', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-drain-'))
    const port = await freePort()
    const config = configFile(dir, { port })
    const relay = await startCli(config)
    await pushPolicy(port)
    const load = weComLoad(port, 16)
    await until(() => load.answered.size > 100, 20_000)
    const exited = new Promise<number | null>((resolve) => relay.child.once('exit', resolve))
    const termAt = Date.now()
    relay.child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(Date.now() - termAt).toBeLessThan(10_000)
    const answered = new Set(load.answered)
    const again = await startCli(config)
    await load.stop()
    await expectExactlyOnce(port, answered)
    again.child.kill('SIGTERM')
  }, 60_000)
})
