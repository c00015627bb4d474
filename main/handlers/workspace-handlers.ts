// Workspace calls: what the setup screen shows, connecting a real corp, returning to the sandbox and
// the default welcome message.

import { AppError } from '../../common/bridge-result'
import type { Handlers } from '../../common/contract'
import type { Workspace } from '../../common/domain'
import { CALLBACK_PATH_PREFIX, type CallbackConfig } from '../../common/relay-api'
import { SYNC_KEYS } from '../db'
import { SETTINGS_HASH_KEY } from '../sync'
import { runChecks } from '../workspace/check'
import {
  adoptCallbackConfig,
  effectiveApiBase,
  newCorpWorkspace,
  type WorkspaceContext,
} from '../workspace/context'
import { SANDBOX_CURRENT } from '../workspace/folders'
import type { HandlerEnv } from './types'

type WorkspaceCalls =
  'getAppInfo' | 'getWorkspace' | 'connectCorp' | 'checkWorkspace' | 'switchToSandbox' | 'setDefaultWelcome'

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
    async connectCorp(input) {
      const apiBase = input.apiBase || env.defaultApiBase || effectiveApiBase(null)
      let relayCallback: CallbackConfig | null = null
      const result = await runChecks({
        apiBase,
        corpId: input.corpId,
        secret: input.secret,
        relayUrl: input.relayUrl,
        relayKey: input.relayKey,
        onCallbackConfig: (config) => {
          relayCallback = config
        },
      })
      const token = result.items.find((i) => i.key === 'token')
      // A corp whose secret WeCom refuses is not worth switching to; relay problems are reported
      // but do not block: codes then wait as "未同步到中转服务" until the relay answers.
      if (!token?.ok) return result
      env.secrets.set('corpSecret', input.secret)
      env.secrets.set('relayKey', input.relayKey)
      const current = { kind: 'corp' as const, corpId: input.corpId }
      await env.switchTo(current)
      const ctx = env.ctx()
      const previous = ctx.db.workspace.get()
      if (previous && previous.relayUrl !== input.relayUrl) forgetRelayCursor(ctx)
      ctx.db.workspace.save(newCorpWorkspace(input, previous), Date.now())
      if (relayCallback) adoptCallbackConfig(ctx.db, relayCallback)
      // Reopen so the clients pick up the saved relay URL and credentials.
      await env.switchTo(current)
      env.ctx().sync.start()
      return result
    },
    async checkWorkspace() {
      const ctx = env.ctx()
      const w = ctx.workspace()
      if (ctx.sandbox) {
        return runChecks({
          apiBase: ctx.sandbox.apiBase,
          corpId: w.corpId,
          secret: ctx.sandbox.identity.secret,
          relayUrl: ctx.sandbox.relayUrl,
          relayKey: ctx.sandbox.identity.relayKey,
          onCallbackConfig: (config) => adoptCallbackConfig(ctx.db, config),
          report: (part, ok) => ctx.connectivity.report(part, ok),
        })
      }
      return runChecks({
        apiBase: ctx.apiBase(),
        corpId: w.corpId,
        secret: env.secrets.get('corpSecret'),
        relayUrl: w.relayUrl,
        relayKey: env.secrets.get('relayKey'),
        onCallbackConfig: (config) => adoptCallbackConfig(ctx.db, config),
        report: (part, ok) => ctx.connectivity.report(part, ok),
      })
    },
    async switchToSandbox() {
      await env.switchTo(SANDBOX_CURRENT)
      return workspaceView(env.ctx(), env)
    },
    async setDefaultWelcome({ welcome }) {
      const ctx = env.ctx()
      const w = ctx.db.workspace.get()
      if (!w) throw new AppError('NOT_FOUND', '工作区尚未配置')
      ctx.db.workspace.save({ ...w, defaultWelcome: welcome }, Date.now())
      // The sync pushes changed settings to the relay; start one so it happens now.
      ctx.sync.start()
      return workspaceView(ctx, env)
    },
  }
}

/** A different relay numbers its events from 1 again: start its cursor over and push settings anew. */
function forgetRelayCursor(ctx: WorkspaceContext) {
  ctx.db.transaction(() => {
    ctx.db.events.clear()
    ctx.db.relayRecords.clearRelayState()
    ctx.db.syncState.set(SYNC_KEYS.relayCursor, '0')
    ctx.db.syncState.set(SYNC_KEYS.actionsCursor, '0')
    ctx.db.syncState.set(SETTINGS_HASH_KEY, '')
  })
}
