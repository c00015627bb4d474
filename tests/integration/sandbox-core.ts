// The desktop's core over a sandbox workspace folder, as the app runs it (createCore with the real
// simulator and relay in-process), keeping hold of each simulator it started so tests can check what
// WeCom received. Reopening the same folder is an app restart: the simulator and relay come back from
// their saved state on new ports.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CodeInput } from '../../common/schemas'
import { createCore } from '../../main/core'
import type { Core, CoreOptions } from '../../main/core-types'
import { createRelayClient } from '../../main/relay-client'
import { createFileSecretStore } from '../../main/secrets/file-store'
import { startSandboxRuntime, type SandboxRuntime } from '../../sandbox/runtime'

export interface SandboxCore {
  core: Core
  h: Core['handlers']
  /** The simulator this core started (the latest one after a reset). */
  runtime(): SandboxRuntime
  /** How many del_contact_way calls this core's simulator has served. */
  delCalls(): number
  /** How many policies the sandbox relay holds for the demo corp. */
  relayPolicies(): Promise<number>
  close(): Promise<void>
}

export const tempWorkspace = () => mkdtempSync(path.join(os.tmpdir(), 'safe-deletes-'))

export async function openSandboxCore(
  dir: string,
  options: Pick<CoreOptions, 'deleteUndoMs' | 'now'> = {},
): Promise<SandboxCore> {
  let runtime: SandboxRuntime | null = null
  const core = await createCore({
    workspaceDir: dir,
    secrets: createFileSecretStore(path.join(dir, 'secrets.dev.json')),
    transport: 'http',
    version: 'test',
    syncIntervalMs: 0,
    sandbox: async (folder, log) => (runtime = await startSandboxRuntime(folder, log)),
    ...options,
  })
  const current = () => {
    if (!runtime) throw new Error('the sandbox workspace is not open')
    return runtime
  }
  return {
    core,
    h: core.handlers,
    runtime: current,
    delCalls: () =>
      Object.entries(current().sandbox.control.calls).find(([p]) => p.endsWith('/del_contact_way'))?.[1] ?? 0,
    async relayPolicies() {
      const relay = createRelayClient({ baseUrl: current().relayUrl, apiKey: current().identity.relayKey })
      return (await relay.health({})).policies
    },
    close: () => core.close(),
  }
}

export function demoCode(name: string): CodeInput {
  return {
    name,
    memberUserids: ['zhangwei'],
    tagIds: [],
    welcome: { mode: 'none', text: '', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
  }
}
