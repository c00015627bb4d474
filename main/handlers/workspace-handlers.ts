// Workspace calls: what the setup screen shows, connecting a real corp, returning to the sandbox,
// resetting it, and the default welcome message — adapters to the flows in main/workspace/connect.ts.

import type { Handlers } from '../../common/contract'
import type { Workspace } from '../../common/domain'
import { CALLBACK_PATH_PREFIX } from '../../common/relay-api'
import { checkCurrent, connectCorp, saveDefaultWelcome } from '../workspace/connect'
import type { WorkspaceContext } from '../workspace/context'
import { SANDBOX_CURRENT } from '../workspace/folders'
import type { HandlerEnv } from './types'

type WorkspaceCalls =
  | 'getAppInfo'
  | 'getWorkspace'
  | 'connectCorp'
  | 'checkWorkspace'
  | 'switchToSandbox'
  | 'resetSandbox'
  | 'setDefaultWelcome'

export function workspaceView(ctx: WorkspaceContext, env: HandlerEnv): Workspace {
  const w = ctx.workspace()
  const sandbox = ctx.current.kind === 'sandbox'
  return {
    kind: w.kind,
    corpId: w.corpId,
    corpName: w.corpName,
    relayUrl: w.relayUrl,
    apiBase: w.apiBase,
    effectiveApiBase: ctx.apiBase(),
    timeZone: w.timeZone,
    callbackToken: w.callbackToken,
    encodingAesKey: w.encodingAesKey,
    callbackUrl: `${w.relayUrl}${CALLBACK_PATH_PREFIX}${w.corpId}`,
    hasSecret: sandbox || env.secrets.get('corpSecret') !== null,
    hasRelayKey: sandbox || env.secrets.get('relayKey') !== null,
    defaultWelcome: w.defaultWelcome,
    secretStorage: env.secrets.backend,
  }
}

export function workspaceHandlers(env: HandlerEnv): Pick<Handlers, WorkspaceCalls> {
  return {
    async getAppInfo() {
      return { version: env.version, transport: env.transport, workspaceDir: env.rootDir }
    },
    async getWorkspace() {
      return workspaceView(env.ctx(), env)
    },
    connectCorp: (input) => connectCorp(env, input),
    checkWorkspace: () => checkCurrent(env.ctx(), env.secrets),
    async switchToSandbox() {
      await env.switchTo(SANDBOX_CURRENT)
      return workspaceView(env.ctx(), env)
    },
    async resetSandbox() {
      await env.resetSandbox()
      return workspaceView(env.ctx(), env)
    },
    async setDefaultWelcome({ welcome }) {
      await saveDefaultWelcome(env.ctx(), welcome)
      return workspaceView(env.ctx(), env)
    },
  }
}
