// The workspace calls through the real core: a fresh install opens on the sandbox; connecting a real
// corp checks each part and switches only when WeCom accepts the secret; secrets never land in
// SQLite; returning to the sandbox finds its codes again.

import { readdirSync, readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../main/core'
import { startSandboxRuntime } from '../../sandbox/runtime'
import type { Core } from '../../main/core-types'
import { createFileSecretStore } from '../../main/secrets/file-store'
import { relayWorld, API_KEY, type RelayWorld } from './relay-fixture'

let core: Core | null = null
let world: RelayWorld | null = null
afterEach(async () => {
  await core?.close()
  await world?.stop()
  core = null
  world = null
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
}

describe('workspaces through the core', () => {
  it('opens on the sandbox, connects a real corp after checking it, and can go back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'core-ws-'))
    world = await relayWorld()
    core = await createCore({
      workspaceDir: dir,
      secrets: createFileSecretStore(path.join(dir, 'secrets.dev.json')),
      transport: 'http',
      version: 'test',
      syncIntervalMs: 0,
      defaultApiBase: world.sandbox.apiBase,
      sandbox: startSandboxRuntime,
    })
    const h = core.handlers
    const sandboxWs = await h.getWorkspace({})
    expect(sandboxWs).toMatchObject({ kind: 'sandbox', secretStorage: 'file-fake' })
    expect((await h.listMembers({})).members.length).toBeGreaterThan(10)
    const demo = await h.createCode({
      name: '沙盒里的码',
      memberUserids: ['zhangwei'],
      tagIds: [],
      welcome: { mode: 'none', text: '', attachment: null },
      autoAccept: { mode: 'on', windows: [] },
    })

    const input = {
      corpId: world.sandbox.corpId,
      corpName: '测试企业',
      secret: 'definitely-the-wrong-secret',
      relayUrl: world.relay.url,
      relayKey: API_KEY,
      timeZone: 'Asia/Shanghai',
      apiBase: '',
    }
    const refused = await h.connectCorp(input)
    expect(refused.ok).toBe(false)
    expect(refused.items.find((i) => i.key === 'token')).toMatchObject({
      ok: false,
      message: expect.stringContaining('Secret 不正确'),
    })
    expect((await h.getWorkspace({})).kind).toBe('sandbox')

    const accepted = await h.connectCorp({ ...input, secret: world.sandbox.secret })
    expect(accepted.items.map((i) => [i.key, i.ok])).toEqual([
      ['token', true],
      ['followUsers', true],
      ['relay', true],
      ['relayCorp', true],
      ['relayClock', true],
      ['relayProblems', true],
      ['callbackUrl', true],
    ])
    const corpWs = await h.getWorkspace({})
    expect(corpWs).toMatchObject({
      kind: 'corp',
      corpId: world.sandbox.corpId,
      corpName: '测试企业',
      hasSecret: true,
      hasRelayKey: true,
      callbackUrl: `${world.relay.url}/callback/customerEvent/${world.sandbox.corpId}`,
    })
    // The values to paste into WeCom are the relay's own, read from it: never made up by the app.
    expect(corpWs.callbackToken).toBe(world.sandbox.token)
    expect(corpWs.encodingAesKey).toBe(world.sandbox.encodingAesKey)
    await expect
      .poll(async () => (await h.getSyncStatus({})).lastSuccessAt, { timeout: 10_000 })
      .not.toBeNull()
    expect((await h.listCodes({ page: 1, pageSize: 10 })).total).toBe(0)
    expect((await h.checkWorkspace({})).ok).toBe(true)

    // The secret and relay key are in the secret store, never in a database or settings file.
    for (const file of filesUnder(dir).filter((f) => !f.endsWith('secrets.dev.json'))) {
      const text = readFileSync(file).toString('latin1')
      expect(text.includes(world.sandbox.secret), file).toBe(false)
      expect(text.includes(API_KEY), file).toBe(false)
    }

    const back = await h.switchToSandbox({})
    expect(back.kind).toBe('sandbox')
    expect((await h.listCodes({ page: 1, pageSize: 10 })).items.map((c) => c.id)).toEqual([demo.id])
  })
})
