// One open workspace: its database, WeCom and relay clients, and the services built on them. The
// core swaps the whole context when the manager connects a corp or returns to the sandbox.

import path from 'node:path'
import { AppError } from '../../common/bridge-result'
import { DEFAULT_TIME_ZONE } from '../../common/limits'
import { openDatabase, type AppDatabase, type StoredWorkspace } from '../db'
import { createCodesService, type CodesService } from '../codes'
import { createRelayClient, type RelayClient } from '../relay-client'
import type { SecretStore } from '../secrets/types'
import { createSyncService, type SyncService } from '../sync'
import { createWeComClient } from '../wecom'
import type { WeComClient } from '../wecom/types'
import { SANDBOX_CURRENT, workspaceFolder, type CurrentWorkspace } from './folders'
import { newCallbackToken, newEncodingAesKey } from './keys'
import { startSandboxRuntime, type SandboxRuntime } from './sandbox-runtime'

export interface WorkspaceContext {
  current: CurrentWorkspace
  dir: string
  db: AppDatabase
  wecom: WeComClient | null
  relay: RelayClient | null
  codes: CodesService
  sync: SyncService
  sandbox: SandboxRuntime | null
  workspace(): StoredWorkspace
  close(): Promise<void>
}

export interface ContextOptions {
  rootDir: string
  secrets: SecretStore
  log: (message: string, detail?: unknown) => void
  syncIntervalMs: number
  /** Passed to the WeCom client: where the API lives (tests point a corp workspace at a simulator). */
  apiBase?: string
}

const EMPTY_WELCOME = { text: '', attachment: null }
export const WECOM_API_BASE = 'https://qyapi.weixin.qq.com'

export async function openWorkspace(
  current: CurrentWorkspace,
  options: ContextOptions,
): Promise<WorkspaceContext> {
  const dir = workspaceFolder(options.rootDir, current)
  const db = openDatabase(path.join(dir, 'app.sqlite'))
  let sandbox: SandboxRuntime | null = null
  try {
    let wecom: WeComClient | null = null
    let relay: RelayClient | null = null
    if (current.kind === 'sandbox') {
      sandbox = await startSandboxRuntime(dir, options.log)
      const { identity } = sandbox
      if (!db.workspace.get()) {
        db.workspace.save(
          {
            kind: 'sandbox',
            corpId: identity.corpId,
            corpName: sandbox.sandbox.corpName,
            relayUrl: sandbox.relayUrl,
            timeZone: DEFAULT_TIME_ZONE,
            callbackToken: identity.token,
            encodingAesKey: identity.encodingAesKey,
            defaultWelcome: { text: '您好，欢迎添加！有任何问题都可以直接问我。', attachment: null },
          },
          Date.now(),
        )
      }
      // The in-process relay gets a new port each launch.
      const stored = db.workspace.get()!
      db.workspace.save({ ...stored, relayUrl: sandbox.relayUrl }, Date.now())
      wecom = createWeComClient({
        apiBase: sandbox.sandbox.apiBase,
        corpId: identity.corpId,
        secret: identity.secret,
      })
      relay = createRelayClient({ baseUrl: sandbox.relayUrl, apiKey: identity.relayKey })
    } else {
      const stored = db.workspace.get()
      const secret = options.secrets.get('corpSecret')
      const relayKey = options.secrets.get('relayKey')
      if (stored && secret) {
        wecom = createWeComClient({
          apiBase: options.apiBase ?? WECOM_API_BASE,
          corpId: stored.corpId,
          secret,
        })
      }
      if (stored?.relayUrl && relayKey)
        relay = createRelayClient({ baseUrl: stored.relayUrl, apiKey: relayKey })
    }

    const workspace = () => {
      const w = db.workspace.get()
      if (!w) throw new AppError('NOT_FOUND', '工作区尚未配置，请先在 设置 中连接企业')
      return w
    }
    const requireWecom = () => {
      if (!wecom) throw new AppError('OFFLINE', '尚未连接企业微信：请在 设置 中填写企业ID 和 Secret')
      return wecom
    }
    const settings = () => {
      const w = db.workspace.get()
      return {
        timeZone: w?.timeZone ?? DEFAULT_TIME_ZONE,
        defaultWelcome: w?.defaultWelcome ?? EMPTY_WELCOME,
      }
    }
    const codes = createCodesService({
      db,
      wecom: requireWecom,
      relay: () => relay,
      settings,
      log: options.log,
    })
    const sync = createSyncService({
      db,
      wecom: requireWecom,
      relay: () => relay,
      codes,
      settings,
      log: options.log,
    })
    if (wecom && options.syncIntervalMs > 0) sync.startBackground(options.syncIntervalMs)

    return {
      current,
      dir,
      db,
      wecom,
      relay,
      codes,
      sync,
      sandbox,
      workspace,
      async close() {
        sync.stop()
        // Let a sync in flight finish (run() joins it) so it never writes to a closed database.
        if (sync.status().running) await sync.run()
        await sandbox?.stop()
        db.close()
      },
    }
  } catch (error) {
    await sandbox?.stop()
    db.close()
    throw error
  }
}

/** The stored row a freshly connected corp starts with: new callback Token and EncodingAESKey. */
export function newCorpWorkspace(
  input: { corpId: string; corpName: string; relayUrl: string; timeZone: string },
  previous: StoredWorkspace | null,
): Omit<StoredWorkspace, 'createdAt' | 'updatedAt'> {
  return {
    kind: 'corp',
    corpId: input.corpId,
    corpName: input.corpName || input.corpId,
    relayUrl: input.relayUrl,
    timeZone: input.timeZone,
    // Keep the values already pasted into the WeCom console when reconnecting the same corp.
    callbackToken: previous?.callbackToken ?? newCallbackToken(),
    encodingAesKey: previous?.encodingAesKey ?? newEncodingAesKey(),
    defaultWelcome: previous?.defaultWelcome ?? EMPTY_WELCOME,
  }
}

export { SANDBOX_CURRENT }
