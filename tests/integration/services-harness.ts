// A whole world for the services tests: the sandbox simulator standing in for WeCom, a real relay on
// loopback receiving its callbacks, a temp SQLite file, and the codes and sync services wired the way
// main/core.ts wires them. Knobs let a test take the relay away, break a repository or stop a sync.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDatabase, type AppDatabase } from '../../main/db'
import { createCodesService, type CodesService } from '../../main/codes/service'
import type { CodesDb } from '../../main/codes/ports'
import { createRelayClient } from '../../main/relay-client'
import type { RelayClient } from '../../main/relay-client/types'
import { createSyncService, type SyncService } from '../../main/sync/service'
import type { SyncFaults } from '../../main/sync/ports'
import { createWeComClient } from '../../wecom'
import type { WeComClient } from '../../wecom/types'
import { startRelay } from '../../relay'
import type { RelayConfig } from '../../relay/server'
import { startSandbox } from '../../sandbox'
import type { Sandbox, SandboxOptions } from '../../sandbox/types'
import type { CodeInput } from '../../common/schemas'
import { fetchQrContent } from '../../main/qr/decode'
import { createConnectivity, type Connectivity } from '../../main/sync/connectivity'
import { CALLBACK_PATH_PREFIX } from '../../common/relay-api'

export const RELAY_KEY = 'services-test-relay-key-0123456789'
/** A loopback port nothing listens on: the relay "down" without stopping it. */
const DEAD_URL = 'http://127.0.0.1:9'

export interface WorldOptions {
  /** Wraps the codes service's database (to inject a failing repository). */
  codesDb?: (db: AppDatabase) => CodesDb
  faults?: SyncFaults
  eventsPageSize?: number
  /** Simulator switches (where WeCom's docs are silent, tests run both readings). */
  sandbox?: Omit<SandboxOptions, 'seed' | 'now'>
  /** Relay settings (its clock, its scheduler's tick). */
  relay?: Pick<RelayConfig, 'now' | 'schedulerTickMs'>
}

export interface World {
  dir: string
  db: AppDatabase
  sandbox: Sandbox
  relayUrl: string
  wecom: WeComClient
  codes: CodesService
  sync: SyncService
  faults: SyncFaults
  connectivity: Connectivity
  /** Point the services at a dead relay address (true) or back at the real one (false). */
  setRelayDown(down: boolean): void
  relayClient(): RelayClient
  /** Stops the relay and the sandbox (the desktop is then offline); close() still cleans up. */
  goOffline(): Promise<void>
  /** Moves WeCom's clock forward: event times have whole seconds, and the relay dedupes on them. */
  advanceClock(ms: number): void
  close(): Promise<void>
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), 'services-'))
  let skew = 0
  const sandbox = await startSandbox({ ...options.sandbox, seed: true, now: () => Date.now() + skew })
  const relay = await startRelay({
    host: '127.0.0.1',
    port: 0,
    dataDir: path.join(dir, 'relay'),
    corps: [
      {
        corpId: sandbox.corpId,
        token: sandbox.token,
        encodingAesKey: sandbox.encodingAesKey,
        secret: sandbox.secret,
        apiKey: RELAY_KEY,
        apiBase: sandbox.apiBase,
      },
    ],
    ...options.relay,
  })
  sandbox.control.setCallbackUrl(relay.url + CALLBACK_PATH_PREFIX + sandbox.corpId)
  const db = openDatabase(path.join(dir, 'app.db'))
  const connectivity = createConnectivity()
  const wecom = createWeComClient({
    onReachability: (reachable) => connectivity.report('wecom', reachable),
    apiBase: sandbox.apiBase,
    corpId: sandbox.corpId,
    secret: sandbox.secret,
    backoffBaseMs: 5,
  })
  let relayBase = relay.url
  const relayClient = () =>
    createRelayClient({
      baseUrl: relayBase,
      apiKey: RELAY_KEY,
      timeoutMs: 3000,
      onReachability: (reachable) => connectivity.report('relay', reachable),
    })
  const settings = () => ({ timeZone: 'Asia/Shanghai', defaultWelcome: { text: '', attachment: null } })
  const codes = createCodesService({
    db: options.codesDb ? options.codesDb(db) : db,
    wecom: () => wecom,
    relay: relayClient,
    settings,
    readQr: (url) => fetchQrContent(url),
  })
  const faults: SyncFaults = { ...options.faults }
  const sync = createSyncService({
    db,
    wecom: () => wecom,
    relay: relayClient,
    codes,
    settings,
    connectivity,
    faults,
    ...(options.eventsPageSize ? { eventsPageSize: options.eventsPageSize } : {}),
  })
  let stopped = false
  const stopServers = async () => {
    if (stopped) return
    stopped = true
    await relay.stop()
    await sandbox.stop()
  }
  return {
    advanceClock: (ms) => {
      skew += ms
    },
    dir,
    db,
    sandbox,
    relayUrl: relay.url,
    wecom,
    codes,
    sync,
    faults,
    connectivity,
    setRelayDown(down) {
      relayBase = down ? DEAD_URL : relay.url
    },
    relayClient,
    goOffline: stopServers,
    async close() {
      sync.stop()
      await stopServers()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Members a code may use (customer-contact permission, active, enabled), after a sync. */
export function usableMembers(db: AppDatabase): string[] {
  return db.members
    .list()
    .filter((m) => m.canFollow && m.status === 1 && m.enabled)
    .map((m) => m.userid)
}

export function codeInput(overrides: Partial<CodeInput> & { memberUserids: string[] }): CodeInput {
  return {
    name: '门店海报',
    tagIds: [],
    welcome: { mode: 'own', text: '你好，欢迎光临！', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
    ...overrides,
  }
}

/** Every contact way the sandbox holds, through the API (as an import would see them). */
export async function wayIds(wecom: WeComClient): Promise<string[]> {
  const { listAllConfigIds } = await import('../../main/codes/list-ways')
  return (await listAllConfigIds(wecom, Date.now())).sort()
}
