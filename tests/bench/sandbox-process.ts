// Starts tests/bench/sandbox-child.ts and reads its one-line handshake.

import { spawn } from 'node:child_process'
import path from 'node:path'

export interface SandboxProcess {
  /** The simulator's process id (its CPU is read from /proc beside the figures). */
  pid: number
  apiBase: string
  corpId: string
  secret: string
  token: string
  encodingAesKey: string
  userids: string[]
  /** Control calls (scan, state…) over the simulator's HTTP control surface. */
  control<T>(method: string, body?: unknown): Promise<T>
  stop(): void
}

/** The simulator's corp as a relay config lists it, with the desktop API key the bench chose. */
export function corpOf(sandbox: SandboxProcess, apiKey: string) {
  const { corpId, token, encodingAesKey, secret, apiBase } = sandbox
  return { corpId, token, encodingAesKey, secret, apiKey, apiBase }
}

export function startSandboxProcess(options: Record<string, unknown>): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'sandbox-child.ts')],
    {
      env: { ...process.env, BENCH_SANDBOX: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (!line) return
      const info = JSON.parse(line) as Omit<SandboxProcess, 'control' | 'stop' | 'pid'>
      resolve({
        ...info,
        pid: child.pid!,
        async control<T>(method: string, body: unknown = {}) {
          const res = await fetch(`${info.apiBase}/sandbox/control/${method}`, {
            method: 'POST',
            body: JSON.stringify(body),
          })
          return (await res.json()) as T
        },
        stop: () => child.kill('SIGTERM'),
      })
    })
    child.once('exit', (code) => reject(new Error(`sandbox child exited ${code}`)))
  })
}
