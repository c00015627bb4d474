// `npm run web`: the app in a browser. The same services as the desktop (createCore) served by the
// loopback host; prints one line with the URL to open, token included.

import { mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCoreWorker } from '../main/worker/core-client'
import { startHost } from '../main/host/server'
import { createFileSecretStore } from '../main/secrets/file-store'
import { apiBaseFromEnv } from '../main/workspace/api-base-env'
import { ensureBuilt } from './build-freshness'

function defaultWorkspaceDir(): string {
  const base =
    process.platform === 'win32'
      ? (process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? path.join(os.homedir(), 'Library', 'Application Support')
        : (process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'))
  return path.join(base, 'wecom-live-codes')
}

export async function runWeb() {
  // A fresh checkout has no dist/: build the renderer first instead of serving "renderer not built".
  const built = ensureBuilt(process.cwd(), ['renderer'])
  if (!built.ok) {
    console.error(built.error)
    process.exit(1)
  }
  const apiBase = apiBaseFromEnv()
  if ('error' in apiBase) {
    console.error(apiBase.error)
    process.exit(1)
  }
  const workspaceDir = path.resolve(process.env.WORKSPACE_DIR ?? defaultWorkspaceDir())
  mkdirSync(workspaceDir, { recursive: true })
  // The core runs in its own thread (main/core-worker.ts) so this loop only serves HTTP.
  const core = await startCoreWorker({
    workerFile: fileURLToPath(new URL('../main/core-worker.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    core: {
      workspaceDir,
      transport: 'http',
      version: process.env.npm_package_version ?? '0.0.0',
      ...apiBase,
      sandbox: true,
    },
    secrets: createFileSecretStore(path.join(workspaceDir, 'secrets.dev.json')),
    log: (message, detail) => console.error(message, detail ?? ''),
  })
  const host = await startHost({
    handlers: core.handlers,
    subscribe: core.subscribe,
    staticDir: path.resolve('dist/renderer'),
    port: process.env.WEB_PORT ? Number(process.env.WEB_PORT) : 0,
    log: (message, detail) => console.error(message, detail ?? ''),
  })
  console.log(`open ${host.openUrl}`)
  const stop = async () => {
    await host.stop()
    await core.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runWeb()
}
