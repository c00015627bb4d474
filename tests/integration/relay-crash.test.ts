// The relay as operators run it (a child process from the CLI): config errors stop it with one line,
// SIGTERM drains, and after a kill -9 under load every event it answered 200 is still there, once.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sealCallback } from '../../wecom/callback-crypto'
import { eventXml } from '../../wecom/callback-xml'
import { newEncodingAesKey } from '../../sandbox'

const CORP = { corpId: 'wwcrashtest01', token: 'crashtoken123', encodingAesKey: newEncodingAesKey() }
const API_KEY = 'crash-test-key-0123456789'
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

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })

function postEvent(port: number, n: number): Promise<number> {
  const message = eventXml(CORP.corpId, {
    changeType: 'del_follow_user',
    userid: `member${n % 7}`,
    externalUserid: `wmcustomer${n}`,
    createTime: 1_790_000_000 + n,
  })
  const { query, body } = sealCallback(CORP, message)
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

async function storedEvents(port: number): Promise<string[]> {
  const ids: string[] = []
  let after = 0
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/events?after=${after}&limit=1000`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    })
    const page = (await res.json()) as {
      events: { externalUserid: string }[]
      nextCursor: number
      hasMore: boolean
    }
    ids.push(...page.events.map((e) => e.externalUserid))
    after = page.nextCursor
    if (!page.hasMore) return ids
  }
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

  it('loses and duplicates nothing it answered when killed -9 under load', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-crash-'))
    const config = configFile(dir)
    const first = await startCli(config)
    const answered = new Set<string>()
    let n = 0
    let killed = false
    const senders = Array.from({ length: 16 }, async () => {
      while (!killed) {
        const i = n++
        const status = await postEvent(first.port, i)
        if (status === 200) answered.add(`wmcustomer${i}`)
      }
    })
    await new Promise((r) => setTimeout(r, 1500))
    first.child.kill('SIGKILL')
    killed = true
    await Promise.all(senders)
    expect(answered.size).toBeGreaterThan(50)

    const second = await startCli(config)
    const stored = await storedEvents(second.port)
    expect(new Set(stored).size).toBe(stored.length)
    const lost = [...answered].filter((id) => !stored.includes(id))
    expect(lost).toEqual([])

    // SIGTERM drains and exits 0.
    const exited = new Promise<number | null>((resolve) => second.child.once('exit', resolve))
    second.child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 60_000)
})
