// The workspace flows behind 设置: connecting a real corp (check first, keep the secrets, switch, take
// the relay's callback values), checking the open workspace, and saving the default welcome (pushed
// to the relay at once, retried while it is unreachable).

import { AppError } from '../../common/bridge-result'
import type { CheckResult, WelcomeContent } from '../../common/domain'
import type { CallbackConfig } from '../../common/relay-api'
import type { ConnectCorpInput } from '../../common/schemas'
import type { SecretStore } from '../secrets/types'
import { forgetRelay } from '../sync'
import { runChecks } from './check'
import { adoptCallbackConfig, effectiveApiBase, newCorpWorkspace, type WorkspaceContext } from './context'
import type { CurrentWorkspace } from './folders'

export interface WorkspaceFlowDeps {
  ctx(): WorkspaceContext
  switchTo(current: CurrentWorkspace): Promise<void>
  secrets: SecretStore
  defaultApiBase?: string | undefined
}

export async function connectCorp(deps: WorkspaceFlowDeps, input: ConnectCorpInput): Promise<CheckResult> {
  let relayCallback: CallbackConfig | null = null
  const result = await runChecks({
    apiBase: input.apiBase || deps.defaultApiBase || effectiveApiBase(null),
    corpId: input.corpId,
    secret: input.secret,
    relayUrl: input.relayUrl,
    relayKey: input.relayKey,
    onCallbackConfig: (config) => {
      relayCallback = config
    },
  })
  // A corp whose secret WeCom refuses is not worth switching to; relay problems are reported but do
  // not block: codes then wait as "未同步到中转服务" until the relay answers.
  if (!result.items.find((i) => i.key === 'token')?.ok) return result
  deps.secrets.set('corpSecret', input.secret)
  deps.secrets.set('relayKey', input.relayKey)
  const current = { kind: 'corp' as const, corpId: input.corpId }
  await deps.switchTo(current)
  const ctx = deps.ctx()
  const previous = ctx.db.workspace.get()
  if (previous && previous.relayUrl !== input.relayUrl) forgetRelay(ctx.db)
  ctx.db.workspace.save(newCorpWorkspace(input, previous), Date.now())
  if (relayCallback) adoptCallbackConfig(ctx.db, relayCallback)
  // Reopen so the clients pick up the saved relay URL and credentials.
  await deps.switchTo(current)
  deps.ctx().sync.start()
  return result
}

/** 检查连接 for the open workspace (the sandbox's simulator and relay, or the corp's). */
export function checkCurrent(ctx: WorkspaceContext, secrets: SecretStore): Promise<CheckResult> {
  const w = ctx.workspace()
  const common = {
    corpId: w.corpId,
    onCallbackConfig: (config: CallbackConfig) => adoptCallbackConfig(ctx.db, config),
    report: (part: 'wecom' | 'relay', ok: boolean) => ctx.connectivity.report(part, ok),
  }
  return ctx.sandbox
    ? runChecks({
        ...common,
        apiBase: ctx.sandbox.apiBase,
        secret: ctx.sandbox.identity.secret,
        relayUrl: ctx.sandbox.relayUrl,
        relayKey: ctx.sandbox.identity.relayKey,
      })
    : runChecks({
        ...common,
        apiBase: ctx.apiBase(),
        secret: secrets.get('corpSecret'),
        relayUrl: w.relayUrl,
        relayKey: secrets.get('relayKey'),
      })
}

/** Saved locally, then pushed to the relay like a code's own welcome (and retried until it is). */
export async function saveDefaultWelcome(ctx: WorkspaceContext, welcome: WelcomeContent): Promise<void> {
  const w = ctx.db.workspace.get()
  if (!w) throw new AppError('NOT_FOUND', '工作区尚未配置')
  ctx.db.workspace.save({ ...w, defaultWelcome: welcome }, Date.now())
  await ctx.pushToRelay()
}
