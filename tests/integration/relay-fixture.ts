// Shared setup for relay tests: the simulator as WeCom, a relay on loopback wired to it, and small
// helpers to call the desktop API and to forge callbacks the way WeCom sends them.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CALLBACK_PATH_PREFIX, type CodePolicy } from '../../common/relay-api'
import { createWeComClient } from '../../wecom'
import { startRelay, type Relay, type RelayConfig } from '../../relay'
import { startSandbox } from '../../sandbox'
import { sealCallback } from '../../wecom/callback-crypto'
import { eventXml, type CallbackEvent } from '../../wecom/callback-xml'
import type { Sandbox, SandboxOptions } from '../../sandbox/types'
import { testStoreConfig } from './relay-test-store'

export const API_KEY = 'test-relay-key-0123456789'

export interface RelayWorld {
  sandbox: Sandbox
  relay: Relay
  dataDir: string
  callbackUrl: string
  api(
    method: string,
    route: string,
    body?: unknown,
    key?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>
  post(event: Omit<CallbackEvent, 'createTime'> & { createTime?: number }): Promise<number>
  /** Stops the relay, runs `between` while it is down, and starts a new one on the same data folder. */
  restart(between?: () => void, relay?: Partial<RelayConfig>): Promise<void>
  stop(): Promise<void>
}

export async function relayWorld(
  options: { sandbox?: SandboxOptions; relay?: Partial<RelayConfig> } = {},
): Promise<RelayWorld> {
  const sandbox = await startSandbox(options.sandbox)
  const dataDir = options.relay?.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'relay-test-'))
  const config: RelayConfig = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    corps: [
      {
        corpId: sandbox.corpId,
        token: sandbox.token,
        encodingAesKey: sandbox.encodingAesKey,
        secret: sandbox.secret,
        apiKey: API_KEY,
        apiBase: sandbox.apiBase,
      },
      {
        corpId: 'wwothercorp',
        token: 'othertoken',
        encodingAesKey: sandbox.encodingAesKey,
        secret: 'other-secret-123',
        apiKey: 'other-corp-key-0123456789',
        apiBase: sandbox.apiBase,
      },
    ],
    workerPollMs: 20,
    log: () => {},
    ...(await testStoreConfig()),
    ...options.relay,
  }
  let relay = await startRelay(config)
  const callbackUrl = `${relay.url}${CALLBACK_PATH_PREFIX}${sandbox.corpId}`
  sandbox.control.setCallbackUrl(callbackUrl)
  const world: RelayWorld = {
    sandbox,
    relay,
    dataDir,
    callbackUrl,
    async api(method, route, body, key = API_KEY) {
      const res = await fetch(`${relay.url}/api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    },
    async post(event) {
      const message = eventXml(sandbox.corpId, { createTime: Math.floor(Date.now() / 1000), ...event })
      const { query, body } = sealCallback(sandbox, message)
      const res = await fetch(`${world.callbackUrl}?${query}`, { method: 'POST', body })
      return res.status
    },
    async restart(between, overrides) {
      await relay.stop()
      between?.()
      relay = await startRelay({ ...config, ...overrides })
      world.relay = relay
      const url = `${relay.url}${CALLBACK_PATH_PREFIX}${sandbox.corpId}`
      world.callbackUrl = url
      sandbox.control.setCallbackUrl(url)
    },
    async stop() {
      await relay.stop()
      await sandbox.stop()
    },
  }
  return world
}

/** A contact way made straight through the WeCom client, plus the policy a desktop would push. */
export async function wayWithPolicy(
  world: RelayWorld,
  policy: Partial<CodePolicy> & { memberUserids: string[] },
): Promise<CodePolicy> {
  const client = createWeComClient({
    apiBase: world.sandbox.apiBase,
    corpId: world.sandbox.corpId,
    secret: world.sandbox.secret,
  })
  const state = policy.state ?? `t${Math.random().toString(36).slice(2, 10)}`
  const way = await client.addContactWay({
    type: 2, // as the desktop makes every code
    scene: 2,
    remark: policy.name ?? '测试活码',
    // What a desktop would set: on for 全天开启; a scheduled code in these tests starts outside its window.
    skip_verify: (policy.autoAccept?.mode ?? 'on') === 'on',
    state,
    user: policy.memberUserids,
  })
  const full: CodePolicy = {
    state,
    configId: way.config_id,
    name: '测试活码',
    welcome: { mode: 'own', text: '欢迎您！', attachment: null },
    tagIds: [],
    autoAccept: { mode: 'on', windows: [] },
    ...policy,
  }
  const res = await world.api('PUT', `/policies/${state}`, full)
  if (res.status !== 200) throw new Error(`policy push failed: ${JSON.stringify(res.body)}`)
  return full
}

export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}
