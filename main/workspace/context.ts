// One open workspace: its database, WeCom and relay clients, and the services built on them. The
// core swaps the whole context when the manager connects a corp or returns to the sandbox.

import { routingRepo } from '../db/repos/routing'
import path from 'node:path'
import { AppError } from '../../common/bridge-result'
import { DEFAULT_TIME_ZONE } from '../../common/limits'
import type { CallbackConfig } from '../../common/relay-api'
import { openDatabase, type AppDatabase, type StoredWorkspace } from '../db'
import { createCodesService, createDeleteTimer, type DeleteTimer } from '../codes'
import { withRegistry, type RegistryCodes } from '../registry/codes'
import { REGISTRY_KEYS } from '../registry/repo'
import type { QrImageReader } from '../codes/qr-content'
import { createRelayRetry, type RelayRetry } from '../codes/relay-retry'
import { fetchQrContent } from '../qr/decode'
import { createRelayClient, type RelayClient } from '../relay-client'
import type { SecretStore } from '../secrets/types'
import { createSyncService, pushSettingsIfChanged, settingsPending, type SyncService } from '../sync'
import { createConnectivity, type Connectivity } from '../sync/connectivity'
import { createWeComClient, WECOM_API_BASE } from '../../wecom'
import type { WeComClient } from '../../wecom/types'
import { SANDBOX_CURRENT, workspaceFolder, type CurrentWorkspace } from './folders'
import type { SandboxLauncher, SandboxWorld } from '../../common/sandbox-world'

export interface WorkspaceContext {
  current: CurrentWorkspace
  dir: string
  db: AppDatabase
  wecom: WeComClient | null
  relay: RelayClient | null
  /** The codes service inside the corp's shared registry (main/registry). */
  codes: RegistryCodes
  sync: SyncService
  connectivity: Connectivity
  sandbox: SandboxWorld | null
  workspace(): StoredWorkspace
  /** The WeCom API host this workspace calls. */
  apiBase(): string
  /** Push settings and policies the relay has not confirmed now, and keep retrying until it has. */
  pushToRelay(): Promise<void>
  close(): Promise<void>
}

export interface ContextOptions {
  rootDir: string
  secrets: SecretStore
  log: (message: string, detail?: unknown) => void
  syncIntervalMs: number
  /** The WeCom API host for corp workspaces that set none in 设置 (WECOM_API_BASE; tests: a simulator). */
  defaultApiBase?: string
  /** Starts the sandbox workspace's simulator and relay; without one the sandbox cannot open. */
  sandbox?: SandboxLauncher
  /** How long a delete can be undone (default 5 s). */
  deleteUndoMs?: number
  /** The codes service's clock, undo windows included (tests move it instead of sleeping). */
  now?: () => number
}

const EMPTY_WELCOME = { text: '', attachment: null }

/** The host a corp workspace calls: its own setting, else the launch default, else WeCom's. */
export function effectiveApiBase(stored: StoredWorkspace | null, defaultApiBase?: string): string {
  return stored?.apiBase || defaultApiBase || WECOM_API_BASE
}

export async function openWorkspace(
  current: CurrentWorkspace,
  options: ContextOptions,
): Promise<WorkspaceContext> {
  const dir = workspaceFolder(options.rootDir, current)
  const db = openDatabase(path.join(dir, 'app.sqlite'))
  const connectivity = createConnectivity()
  const reportWeCom = (reachable: boolean) => connectivity.report('wecom', reachable)
  const reportRelay = (reachable: boolean) => connectivity.report('relay', reachable)
  let sandbox: SandboxWorld | null = null
  try {
    let wecom: WeComClient | null = null
    let relay: RelayClient | null = null
    let readQr: QrImageReader = (url) => fetchQrContent(url)
    let apiBase = effectiveApiBase(db.workspace.get(), options.defaultApiBase)
    if (current.kind === 'sandbox') {
      if (!options.sandbox)
        throw new AppError('NOT_SANDBOX', '这个版本没有包含沙盒演示企业，请在 设置 中连接企业')
      sandbox = await options.sandbox(dir, (message) => options.log(message))
      const { identity } = sandbox
      if (!db.workspace.get()) {
        db.workspace.save(
          {
            kind: 'sandbox',
            corpId: identity.corpId,
            corpName: sandbox.corpName,
            relayUrl: sandbox.relayUrl,
            apiBase: '',
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
      // So does the simulator, and its QR links carry the port: rewritten here, once per launch, so
      // every reader (the list, getCode, 复制, exports) hands out a link that answers. Rewriting the
      // stored rows rather than each read keeps one place that knows; the path never changes.
      const world = sandbox
      db.codes.rewriteQrUrls((url) => world.qrImageUrl(url))
      apiBase = sandbox.apiBase
      wecom = createWeComClient({
        apiBase,
        corpId: identity.corpId,
        secret: identity.secret,
        onReachability: reportWeCom,
      })
      relay = createRelayClient({
        baseUrl: sandbox.relayUrl,
        apiKey: identity.relayKey,
        onReachability: reportRelay,
      })
      // The simulator comes back on a new port; its QR images keep their path.
      readQr = (url) => fetchQrContent(world.qrImageUrl(url))
    } else {
      const stored = db.workspace.get()
      const secret = options.secrets.get('corpSecret')
      const relayKey = options.secrets.get('relayKey')
      if (stored && secret) {
        wecom = createWeComClient({
          apiBase,
          corpId: stored.corpId,
          secret,
          onReachability: reportWeCom,
        })
      }
      if (stored?.relayUrl && relayKey)
        relay = createRelayClient({ baseUrl: stored.relayUrl, apiKey: relayKey, onReachability: reportRelay })
    }

    const workspace = () => {
      const w = db.workspace.get()
      if (!w) throw new AppError('NOT_FOUND', '工作区尚未配置，请先在 设置 中连接企业')
      return w
    }
    const requireWecom = () => {
      if (!wecom) throw new AppError('NOT_CONFIGURED', '尚未连接企业微信：请在 设置 中填写企业ID 和 Secret')
      return wecom
    }
    const settings = () => {
      const w = db.workspace.get()
      return {
        timeZone: w?.timeZone ?? DEFAULT_TIME_ZONE,
        defaultWelcome: w?.defaultWelcome ?? EMPTY_WELCOME,
      }
    }
    // Assigned below; the codes service only calls these after construction.
    let retry: RelayRetry | null = null
    let sync: SyncService | null = null
    let deleteTimer: DeleteTimer | null = null
    const now = options.now ?? Date.now
    const localCodes = createCodesService({
      db,
      wecom: requireWecom,
      relay: () => relay,
      settings,
      readQr,
      onPushPending: () => {
        retry?.kick()
        sync?.touch()
      },
      onDeletesChanged: () => deleteTimer?.kick(),
      routingOf: (id) => routingRepo(db.sqlite).code(id),
      ...(options.deleteUndoMs !== undefined ? { deleteUndoMs: options.deleteUndoMs } : {}),
      now,
      log: options.log,
    })
    const codes = withRegistry(localCodes, {
      db,
      relay: () => relay,
      me: () => db.syncState.get(REGISTRY_KEYS.me) ?? '',
      now,
      log: options.log,
      settings,
    })
    const deletes = createDeleteTimer({
      nextDueAt: (after) => codes.nextDeleteDueAt(after),
      carryOutDue: () => codes.carryOutDueDeletes(),
      now,
      log: options.log,
    })
    deleteTimer = deletes
    // Settings (the default welcome) and code policies saved while the relay was unreachable.
    const settingsDeps = { db, relay: () => relay, settings }
    const pendingCount = () => codes.pendingPushes() + (settingsPending(settingsDeps) ? 1 : 0)
    const relayRetry = createRelayRetry({
      pushPending: async () => {
        await pushSettingsIfChanged(settingsDeps).catch((error: unknown) =>
          options.log('settings push failed; kept pending', error),
        )
        await codes.pushPending()
        sync?.touch()
        return pendingCount()
      },
      pendingCount,
      log: options.log,
    })
    retry = relayRetry
    const syncService = createSyncService({
      db,
      wecom: requireWecom,
      relay: () => relay,
      codes,
      settings,
      connectivity,
      onCallbackConfig: (config) => adoptCallbackConfig(db, config),
      log: options.log,
    })
    sync = syncService
    connectivity.onChange((part, reachable) => {
      if (part === 'relay' && reachable) relayRetry.relayReachable()
    })
    if (wecom && options.syncIntervalMs > 0) syncService.startBackground(options.syncIntervalMs)
    relayRetry.kick()
    // Deletes that fell due while the app was closed go now; those still inside their window later.
    deletes.kick()
    // Know at once whether we are offline: one cheap call to each side, in the background.
    const probes = [wecom?.getToken().catch(() => {}), relay?.health({}).catch(() => {})]

    return {
      current,
      dir,
      db,
      wecom,
      relay,
      codes,
      sync: syncService,
      connectivity,
      sandbox,
      workspace,
      apiBase: () => apiBase,
      async pushToRelay() {
        relayRetry.relayReachable()
        relayRetry.kick()
        await relayRetry.idle()
        syncService.touch()
      },
      async close() {
        syncService.stop()
        relayRetry.stop()
        // A delete still inside its window stays recorded and is carried out after the next start.
        await deletes.stop()
        await Promise.allSettled(probes)
        await relayRetry.idle()
        // Let a sync in flight finish (run() joins it) so it never writes to a closed database.
        if (syncService.status().running) await syncService.run()
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

/**
 * The relay's Token and EncodingAESKey are the truth (it verifies WeCom's callbacks with them, from
 * its config file): the workspace row keeps a copy so the setup screen shows them offline too.
 */
export function adoptCallbackConfig(db: AppDatabase, config: CallbackConfig): void {
  const w = db.workspace.get()
  if (!w || w.corpId !== config.corpId) return
  if (w.callbackToken === config.token && w.encodingAesKey === config.encodingAesKey) return
  db.workspace.save({ ...w, callbackToken: config.token, encodingAesKey: config.encodingAesKey }, Date.now())
}

/** The stored row a freshly connected corp starts with; the callback values come from its relay. */
export function newCorpWorkspace(
  input: { corpId: string; corpName: string; relayUrl: string; timeZone: string; apiBase: string },
  previous: StoredWorkspace | null,
): Omit<StoredWorkspace, 'createdAt' | 'updatedAt'> {
  const sameRelay = previous?.relayUrl === input.relayUrl
  return {
    kind: 'corp',
    corpId: input.corpId,
    corpName: input.corpName || input.corpId,
    relayUrl: input.relayUrl,
    apiBase: input.apiBase,
    timeZone: input.timeZone,
    // Kept only while the relay is the same one; connectCorp then reads the relay's own values.
    callbackToken: sameRelay ? (previous?.callbackToken ?? '') : '',
    encodingAesKey: sameRelay ? (previous?.encodingAesKey ?? '') : '',
    defaultWelcome: previous?.defaultWelcome ?? EMPTY_WELCOME,
  }
}

export { SANDBOX_CURRENT }
