// Builds the services behind the bridge for one workspace root folder and joins every handler
// slice into the contract's table. The Electron shell and the browser host both start here.

import os from 'node:os'
import { AppError } from '../common/bridge-result'
import type { EventName, EventPayload, Handlers, Subscribe } from '../common/contract'
import type { Core, CoreOptions } from './core-types'
import { codeHandlers } from './handlers/code-handlers'
import { routingHandlers } from './handlers/routing-handlers'
import { directoryHandlers } from './handlers/directory-handlers'
import { groupHandlers } from './handlers/group-handlers'
import { qrStyleHandlers } from './handlers/qr-style-handlers'
import { joinSlices } from './handlers/join'
import { statsHandlers } from './handlers/stats-handlers'
import { syncHandlers } from './handlers/sync-handlers'
import { fileHandlers } from './handlers/file-handlers'
import { sandboxHandlers } from './handlers/sandbox-handlers'
import type { HandlerEnv } from './handlers/types'
import { workspaceHandlers } from './handlers/workspace-handlers'
import { registryHandlers } from './handlers/registry-handlers'
import { REGISTRY_KEYS } from './registry/repo'
import { openWorkspace, type WorkspaceContext } from './workspace/context'
import { readCurrent, SANDBOX_CURRENT, writeCurrent, type CurrentWorkspace } from './workspace/folders'
import { emptyFolder } from './workspace/reset'

const DEFAULT_SYNC_INTERVAL_MS = 5 * 60_000

export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? (() => {})
  const contextOptions = {
    rootDir: options.workspaceDir,
    secrets: options.secrets,
    log,
    syncIntervalMs: options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
    ...(options.defaultApiBase ? { defaultApiBase: options.defaultApiBase } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.deleteUndoMs !== undefined ? { deleteUndoMs: options.deleteUndoMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  }
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => {
    for (const listener of listeners.get(name) ?? []) (listener as (p: EventPayload<E>) => void)(payload)
  }
  let detach: () => void = () => {}
  /** Forwards the open workspace's sync events to the core's listeners. */
  const attach = (ctx: WorkspaceContext) => {
    detach()
    const offStatus = ctx.sync.onStatus((status) => emit('onDidChangeSyncStatus', status))
    const offFinished = ctx.sync.onFinished((status) => emit('onDidFinishSync', status))
    detach = () => {
      offStatus()
      offFinished()
    }
    emit('onDidChangeSyncStatus', ctx.sync.status())
  }
  const subscribe: Subscribe = (name, listener) => {
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    set.add(listener as (payload: never) => void)
    return () => set.delete(listener as (payload: never) => void)
  }

  let context: WorkspaceContext = await openWorkspace(readCurrent(options.workspaceDir), contextOptions)
  attach(context)
  await firstSyncIfEmpty(context)
  // Calls that arrive while a switch is under way wait for it instead of seeing a closed database.
  let switching: Promise<void> = Promise.resolve()

  const env: HandlerEnv = {
    ctx: () => context,
    async switchTo(current: CurrentWorkspace) {
      const run = async () => {
        detach()
        await context.close()
        try {
          context = await openWorkspace(current, contextOptions)
        } catch (error) {
          // Never leave the app without a workspace: fall back to the one that was open.
          context = await openWorkspace(context.current, contextOptions)
          attach(context)
          throw error
        }
        attach(context)
        writeCurrent(options.workspaceDir, current)
        await firstSyncIfEmpty(context)
      }
      switching = switching.then(run, run)
      await switching
    },
    async resetSandbox() {
      const run = async () => {
        if (context.current.kind !== 'sandbox')
          throw new AppError(
            'NOT_SANDBOX',
            '只能重置沙盒演示企业。当前是真实企业的工作区，它的数据不会被清除；请先在 设置 中切换到沙盒。',
          )
        detach()
        await context.close()
        try {
          emptyFolder(context.dir)
        } finally {
          // Opened again whatever happened: the app is never left without a workspace.
          context = await openWorkspace(SANDBOX_CURRENT, contextOptions)
          attach(context)
        }
        await firstSyncIfEmpty(context)
      }
      switching = switching.then(run, run)
      await switching
    },
    secrets: options.secrets,
    transport: options.transport,
    version: options.version,
    rootDir: options.workspaceDir,
    // Who I am (picked at setup, main/registry) is the creator; before that, the old defaults.
    creator: () =>
      context.db.syncState.get(REGISTRY_KEYS.me) ?? (context.sandbox ? '沙盒管理员' : safeUsername()),
    ...(options.defaultApiBase ? { defaultApiBase: options.defaultApiBase } : {}),
  }

  const handlers: Handlers = joinSlices(
    workspaceHandlers(env),
    directoryHandlers(env),
    codeHandlers(env),
    statsHandlers(env),
    syncHandlers(env),
    fileHandlers(env),
    sandboxHandlers(env),
    groupHandlers(env),
    qrStyleHandlers(env),
    registryHandlers(env),
    routingHandlers(env),
  )

  const guarded = Object.fromEntries(
    Object.entries(handlers).map(([name, fn]) => [
      name,
      async (input: unknown) => {
        await switching.catch(() => {})
        return (fn as (i: unknown) => Promise<unknown>)(input)
      },
    ]),
  ) as unknown as Handlers

  return {
    handlers: guarded,
    subscribe,
    close: async () => {
      detach()
      await context.close()
    },
  }
}

/** A fresh workspace has no members or tags yet: fetch them before the first screen needs them. */
async function firstSyncIfEmpty(context: WorkspaceContext) {
  if (context.wecom && context.db.members.list().length === 0) await context.sync.run()
}

function safeUsername(): string {
  try {
    return os.userInfo().username || '管理员'
  } catch {
    return '管理员'
  }
}
