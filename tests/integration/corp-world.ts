// A real corp workspace, as a new user sets one up: the simulator standing in for the corp's WeCom, a
// relay configured for that corp (its own Token and EncodingAESKey, as IT would write them), and the
// app's core over a temp folder, connected through connectCorp. WeCom and the relay can be stopped and
// started again on the same ports and data, to take the app offline and back.

import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { CallInput, CallName, CallOutput } from '../../common/contract'
import { CALLBACK_PATH_PREFIX } from '../../common/relay-api'
import { createCore } from '../../main/core'
import { startSandboxRuntime } from '../../sandbox/runtime'
import type { Core } from '../../main/core-types'
import { createFileSecretStore } from '../../main/secrets/file-store'
import { startRelay, type Relay } from '../../relay'
import { startSandbox } from '../../sandbox'
import type { Sandbox } from '../../sandbox/types'
import { waitFor as until } from './relay-fixture'

export const CORP = {
  corpId: 'wwrealcorp0001',
  secret: 'the-self-built-app-secret-0001',
  token: 'RelayToken0001',
  encodingAesKey: 'Qk9PVF9UaGlzSXNUaGVSZWxheXNPd25BRVNLZXkwMDE',
  relayKey: 'relay-key-of-this-desktop-000001',
}

export interface CorpWorld {
  dir: string
  core: Core
  sandbox: () => Sandbox
  relayUrl: string
  apiBase: string
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>
  stopWeCom(): Promise<void>
  startWeCom(): Promise<void>
  stopRelay(): Promise<void>
  startRelay(): Promise<void>
  close(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function startCorpWorld(options: { heartbeatMs?: number } = {}): Promise<CorpWorld> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corp-world-'))
  const [wecomPort, relayPort] = [await freePort(), await freePort()]
  const apiBase = `http://127.0.0.1:${wecomPort}`
  const relayUrl = `http://127.0.0.1:${relayPort}`
  let sandbox: Sandbox | null = null
  let relay: Relay | null = null

  const startWeCom = async () => {
    sandbox = await startSandbox({
      port: wecomPort,
      corpId: CORP.corpId,
      corpName: '真实企业（模拟）',
      secret: CORP.secret,
      token: CORP.token,
      encodingAesKey: CORP.encodingAesKey,
      callbackUrl: `${relayUrl}${CALLBACK_PATH_PREFIX}${CORP.corpId}`,
      stateFile: path.join(dir, 'wecom-state.json'),
      callbackTimeoutMs: 1000,
    })
  }
  const startRelayNow = async () => {
    relay = await startRelay({
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
      heartbeatMs: options.heartbeatMs ?? 60_000,
      workerPollMs: 20,
      log: () => {},
    })
  }
  await startWeCom()
  await startRelayNow()

  const core = await createCore({
    workspaceDir: path.join(dir, 'app'),
    secrets: createFileSecretStore(path.join(dir, 'app-secrets.json')),
    transport: 'http',
    version: 'test',
    syncIntervalMs: 0,
    sandbox: startSandboxRuntime,
  })
  const call = <N extends CallName>(name: N, input: CallInput<N>) =>
    (core.handlers[name] as (i: unknown) => Promise<CallOutput<N>>)(input)

  return {
    dir,
    core,
    sandbox: () => {
      if (!sandbox) throw new Error('WeCom (the simulator) is stopped')
      return sandbox
    },
    relayUrl,
    apiBase,
    call,
    async stopWeCom() {
      await sandbox?.stop()
      sandbox = null
    },
    startWeCom,
    async stopRelay() {
      await relay?.stop()
      relay = null
    },
    startRelay: startRelayNow,
    async close() {
      await core.close()
      await relay?.stop()
      await sandbox?.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Connects the app to the corp the way the setup screen does (the WeCom host typed in 高级设置), and
 * waits for the first sync that connecting starts.
 */
export async function connect(world: CorpWorld) {
  const result = await world.call('connectCorp', {
    corpId: CORP.corpId,
    corpName: '真实企业',
    secret: CORP.secret,
    relayUrl: world.relayUrl,
    relayKey: CORP.relayKey,
    timeZone: 'Asia/Shanghai',
    apiBase: world.apiBase,
  })
  await until(async () => !(await world.call('getSyncStatus', {})).running)
  return result
}

/** Waits for a condition (the relay fixture's waitFor, under the name these tests read best with). */
export { until }
