// The Electron shell: app lifecycle, the single window, security flags, secrets via safeStorage and
// the IPC bridge. Everything else is plain Node in the services built by createCore.

import { app, BrowserWindow, ipcMain, protocol, safeStorage, session, shell } from 'electron'
import Store from 'electron-store'
import path from 'node:path'
import { startCoreWorker } from './worker/core-client'
import type { Core } from './core-types'
import { forwardEvents, makeSenderCheck, registerIpc } from './ipc'
import { createSafeStorageStore } from './secrets/safe-storage-store'
import { apiBaseFromEnv } from './workspace/api-base-env'
import { hardenSession, hardenWebContents } from './security'
import { APP_INDEX_URL, APP_SCHEME, isAppUrl, serveAppRequest } from './app-protocol'
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
