// The Electron shell: app lifecycle, the single window, security flags, secrets via safeStorage and
// the IPC bridge. Everything else is plain Node in the services built by createCore.

import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron'
import Store from 'electron-store'
import path from 'node:path'
import { startCoreWorker } from './worker/core-client'
import type { Core } from './core-types'
import { forwardEvents, makeSenderCheck, registerIpc } from './ipc'
import { createSafeStorageStore } from './secrets/safe-storage-store'
import { apiBaseFromEnv } from './workspace/api-base-env'
import { hardenSession, hardenWebContents } from './security'
import { APP_INDEX_URL, APP_SCHEME, isAppUrl, serveAppRequest } from './app-protocol'
import { checkForNewer, updateConfig, type UpdateConfig } from './updates/update-check'
import { sanitizeBounds, secureWindowOptions } from './window-options'

const distDir = path.join(__dirname, '..')
const rendererDir = path.join(distDir, 'renderer')
const preloadPath = path.join(distDir, 'preload', 'index.cjs')

// The renderer is served from app://app/ (main/app-protocol.ts), never file://. Registered before
// ready, as Electron requires: standard (a real origin for 'self' in the CSP) and secure.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
  },
])

// A data folder given by WORKSPACE_DIR (the _electron test, a second profile) holds everything,
// Electron's own state and the single-instance lock included; set before anything reads userData.
if (process.env.WORKSPACE_DIR) app.setPath('userData', path.resolve(process.env.WORKSPACE_DIR))

const settings = new Store<{ windowBounds: unknown }>({ name: 'settings' })
let mainWindow: BrowserWindow | null = null
let core: Core | null = null

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl, shell))
  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => {
    void core?.close()
  })
  void app.whenReady().then(start)
}

async function start() {
  hardenSession(session.defaultSession)
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererDir))
  const workspaceDir = process.env.WORKSPACE_DIR ?? app.getPath('userData')
  const secrets = createSafeStorageStore(path.join(workspaceDir, 'secrets.json'), safeStorage)
  // The core (SQLite, sync, QR, the sandbox's simulator and relay) runs in a worker thread so this
  // loop only moves messages and the window never freezes; the secrets stay here with safeStorage.
  core = await startCoreWorker({
    workerFile: path.join(__dirname, 'core-worker.cjs'),
    core: {
      workspaceDir,
      transport: 'ipc',
      version: app.getVersion(),
      ...launchApiBase(),
      sandbox: true,
    },
    secrets,
    log: (message, detail) => console.error(message, detail ?? ''),
  })
  registerIpc(ipcMain, core.handlers, makeSenderCheck(isAppUrl))
  forwardEvents(core.subscribe, () => mainWindow?.webContents ?? null)
  createWindow()
  void offerUpdate().catch((error: unknown) => console.error('update check failed', error))
}

/**
 * At start: when an update feed is configured and it names a newer version, ask the manager; only
 * on yes does electron-updater (loaded here, lazily, because it imports electron) download it, and
 * the install waits for the manager's second yes or the next quit. Never forced; off with no URL.
 */
async function offerUpdate() {
  const config = updateConfig({
    appUpdateYml: app.isPackaged ? path.join(process.resourcesPath, 'app-update.yml') : undefined,
    env: process.env,
  })
  if (!config) return
  const found = await checkForNewer(config, app.getVersion())
  if (found.kind === 'error') console.error(found.message)
  if (found.kind !== 'available' || !mainWindow) return
  const asked = await dialog.showMessageBox(mainWindow, {
    type: 'info',
    title: '有新版本',
    message: `活码助手 ${found.version} 已发布（当前 ${app.getVersion()}）`,
    detail: '下载在后台进行，不影响使用；下载完成后再问您是否立即重启安装。',
    buttons: ['下载更新', '以后再说'],
    defaultId: 0,
    cancelId: 1,
  })
  if (asked.response !== 0) return
  await downloadUpdate(config)
}

async function downloadUpdate(config: UpdateConfig) {
  const { autoUpdater } = await import('electron-updater')
  autoUpdater.autoDownload = false
  autoUpdater.autoInstallOnAppQuit = true
  // The same feed the check used (a dev run has no app-update.yml).
  autoUpdater.setFeedURL({ provider: 'generic', url: config.url })
  if (!app.isPackaged) autoUpdater.forceDevUpdateConfig = true
  autoUpdater.once('update-downloaded', (info) => {
    void dialog
      .showMessageBox({
        type: 'info',
        title: '更新已下载',
        message: `活码助手 ${info.version} 已下载`,
        detail: '立即重启完成安装，或在下次退出时自动安装。',
        buttons: ['立即重启', '退出时安装'],
        defaultId: 1,
        cancelId: 1,
      })
      .then(({ response }) => {
        if (response === 0) autoUpdater.quitAndInstall()
      })
  })
  await autoUpdater.checkForUpdates()
  await autoUpdater.downloadUpdate()
}

function createWindow() {
  const bounds = sanitizeBounds(settings.get('windowBounds'))
  mainWindow = new BrowserWindow(secureWindowOptions(preloadPath, bounds))
  if (bounds.maximized) mainWindow.maximize()
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.on('close', () => {
    if (!mainWindow) return
    settings.set('windowBounds', { ...mainWindow.getNormalBounds(), maximized: mainWindow.isMaximized() })
  })
  mainWindow.on('closed', () => {
    mainWindow = null
  })
  void mainWindow.loadURL(APP_INDEX_URL)
}

function launchApiBase(): { defaultApiBase?: string } {
  const apiBase = apiBaseFromEnv()
  if (!('error' in apiBase)) return apiBase
  console.error(apiBase.error)
  app.exit(1)
  return {}
}
