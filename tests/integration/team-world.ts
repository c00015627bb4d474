// A team on one corp: one simulator standing in for WeCom, one relay, and two desktops (two cores
// over two folders), A connected with the admin's relay key and B with a key A's desktop issued it.
// B reaches the relay through a switchable loopback proxy, so B alone can go offline while A stays
// online (the relay and WeCom keep running).

import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { CallInput, CallName, CallOutput } from '../../common/contract'
import { CALLBACK_PATH_PREFIX } from '../../common/relay-api'
import { createCore } from '../../main/core'
import type { Core } from '../../main/core-types'
import { createFileSecretStore } from '../../main/secrets/file-store'
import { startRelay, type Relay } from '../../relay'
import { startSandbox } from '../../sandbox'
import { startSandboxRuntime } from '../../sandbox/runtime'
import type { Sandbox } from '../../sandbox/types'
import { CORP, freePort, until } from './corp-world'

export interface Desktop {
  core: Core
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>
  /** Waits for the sync that is running (if any), then runs one to its end and returns its status. */
  sync(): Promise<CallOutput<'runSync'>>
}

export interface TeamWorld {
  sandbox: Sandbox
  a: Desktop
  b: Desktop
  /** B's relay key, as A's desktop issued it. */
  bKey: string
  relayUrl: string
  /** The relay's registry as the admin reads it (what every desktop pulls). */
  registry(): Promise<
    {
      codeKey: string
      deleted: boolean
      version: number
      changedBy: { keyId: string; who: string }
      record: Record<string, unknown>
    }[]
  >
  setBOffline(offline: boolean): Promise<void>
  close(): Promise<void>
}

/** A TCP proxy to `port` that can refuse connections (and cut open ones) on demand. */
async function switchableProxy(port: number) {
  const sockets = new Set<net.Socket>()
  let server: net.Server | null = null
  const listenPort = await freePort()
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(port, '127.0.0.1')
        for (const s of [client, upstream]) {
          sockets.add(s)
          s.on('close', () => sockets.delete(s))
          s.on('error', () => s.destroy())
        }
        client.pipe(upstream).pipe(client)
      })
      server.listen(listenPort, '127.0.0.1', () => resolve())
    })
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      if (!server) return resolve()
      server.close(() => resolve())
      server = null
    })
  await open()
  return { url: `http://127.0.0.1:${listenPort}`, open, close }
}

async function desktop(dir: string, name: string): Promise<Desktop> {
  const core = await createCore({
    workspaceDir: path.join(dir, name),
    secrets: createFileSecretStore(path.join(dir, `${name}-secrets.json`)),
    transport: 'http',
    version: 'test',
    syncIntervalMs: 0,
    deleteUndoMs: 0,
    ...(process.env.TEAM_DEBUG ? { log: (m: string, d?: unknown) => console.error(name, m, d) } : {}),
    sandbox: startSandboxRuntime,
  })
  const call = <N extends CallName>(n: N, input: CallInput<N>) =>
    (core.handlers[n] as (i: unknown) => Promise<CallOutput<N>>)(input)
  return {
    core,
    call,
    async sync() {
      const idle = async () => {
        const status = await call('getSyncStatus', {})
        return status.running ? null : status
      }
      await until(idle, 20_000)
      await call('runSync', {})
      return until(idle, 20_000)
    },
  }
}

export async function startTeamWorld(): Promise<TeamWorld> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'team-world-'))
  const [wecomPort, relayPort] = [await freePort(), await freePort()]
  const apiBase = `http://127.0.0.1:${wecomPort}`
  const relayUrl = `http://127.0.0.1:${relayPort}`
  const sandbox = await startSandbox({
    port: wecomPort,
    corpId: CORP.corpId,
    corpName: '团队企业（模拟）',
    secret: CORP.secret,
    token: CORP.token,
    encodingAesKey: CORP.encodingAesKey,
    callbackUrl: `${relayUrl}${CALLBACK_PATH_PREFIX}${CORP.corpId}`,
    callbackTimeoutMs: 1000,
  })
  const relay: Relay = await startRelay({
    host: '127.0.0.1',
    port: relayPort,
    dataDir: path.join(dir, 'relay-data'),
    corps: [
      {
        corpId: CORP.corpId,
        token: CORP.token,
        encodingAesKey: CORP.encodingAesKey,
        secret: CORP.secret,
        apiKey: CORP.relayKey,
        apiBase,
      },
    ],
    workerPollMs: 20,
    log: () => {},
  })
  const proxy = await switchableProxy(relayPort)
  const connect = async (d: Desktop, url: string, key: string) => {
    await d.call('connectCorp', {
      corpId: CORP.corpId,
      corpName: '团队企业',
      secret: CORP.secret,
      relayUrl: url,
      relayKey: key,
      timeZone: 'Asia/Shanghai',
      apiBase,
    })
    await until(async () => !(await d.call('getSyncStatus', {})).running, 20_000)
  }
  const a = await desktop(dir, 'a')
  await connect(a, relayUrl, CORP.relayKey)
  const issued = await a.call('issueRelayKey', { keyId: 'desk-b', who: '李主管的电脑' })
  const b = await desktop(dir, 'b')
  await connect(b, proxy.url, issued.key)
  return {
    sandbox,
    a,
    b,
    bKey: issued.key,
    relayUrl,
    async registry() {
      const res = await fetch(`${relayUrl}/api/v1/registry?after=0&limit=1000`, {
        headers: { authorization: `Bearer ${CORP.relayKey}` },
      })
      return ((await res.json()) as { entries: Awaited<ReturnType<TeamWorld['registry']>> }).entries
    },
    setBOffline: (offline) => (offline ? proxy.close() : proxy.open()),
    async close() {
      await a.core.close()
      await b.core.close()
      await proxy.close()
      await relay.stop()
      await sandbox.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
