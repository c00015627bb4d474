// `npm run sandbox` as an operator runs it: credentials from the environment, the API base printed,
// one line and a non-zero exit for a bad setting, and a clean exit on SIGTERM.

import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const CLI = path.join(import.meta.dirname, '../../sandbox/cli.ts')
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const printed = async (pattern: RegExp) => {
    for (let i = 0; i < 200 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50))
    return out
  }
  return { child, exited, printed, stderr: () => err }
}

describe('npm run sandbox', () => {
  it('serves the corp named in the environment, prints its API base and exits 0 on SIGTERM', async () => {
    const aesKey = 'a'.repeat(43)
    const cli = run({
      SANDBOX_PORT: '0',
      SANDBOX_CORP_ID: 'wwclitest',
      SANDBOX_SECRET: 'cli-secret',
      SANDBOX_TOKEN: 'clitoken',
      SANDBOX_AES_KEY: aesKey,
    })
    const out = await cli.printed(/control:/)
    const apiBase = /sandbox WeCom API at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
    expect(apiBase).toBeTruthy()
    expect(out).toContain('wwclitest')
    expect(out).toContain('clitoken')
    expect(out).toContain(aesKey)
    const answer = (await (
      await fetch(`${apiBase}/cgi-bin/gettoken?corpid=wwclitest&corpsecret=cli-secret`)
    ).json()) as {
      errcode: number
    }
    expect(answer.errcode).toBe(0)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
  })

  it('generates and prints an EncodingAESKey when none is set', async () => {
    const cli = run({ SANDBOX_PORT: '0', SANDBOX_AES_KEY: '' })
    const out = await cli.printed(/control:/)
    expect(/encodingAesKey: ([A-Za-z0-9+/]{43})\n/.exec(out)).toBeTruthy()
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
  })

  it('exits 1 with one line for a bad port or a malformed key', async () => {
    const badPort = run({ SANDBOX_PORT: 'eighty' })
    expect(await badPort.exited).toBe(1)
    expect(badPort.stderr().trim().split('\n')).toEqual([expect.stringContaining('SANDBOX_PORT')])
    const badKey = run({ SANDBOX_PORT: '0', SANDBOX_AES_KEY: 'short' })
    expect(await badKey.exited).toBe(1)
    expect(badKey.stderr().trim().split('\n')).toEqual([expect.stringContaining('encodingAesKey')])
  })
})
