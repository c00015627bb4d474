// What `npm start` does after the build: find the Electron binary, fetch it with Electron's own
// installer when it is missing, launch it on the project; only when that fails, say why in one line
// and open the browser host instead so the app is still usable.

import { spawn } from 'node:child_process'
import path from 'node:path'
import { findElectronBinary } from './electron-binary'
import { installElectron, type InstallOptions, type InstallResult } from './electron-install'

export interface StartOptions {
  root: string
  env?: NodeJS.ProcessEnv
  log?: (line: string) => void
  /** The browser host (scripts/web.ts runWeb); called with the reason Electron could not start. */
  launchWeb: (reason: string) => Promise<void>
  install?: (options: InstallOptions) => Promise<InstallResult>
}

export type StartOutcome =
  { mode: 'electron'; binary: string; exitCode: number } | { mode: 'web'; reason: string }

export async function startApp(options: StartOptions): Promise<StartOutcome> {
  const env = options.env ?? process.env
  const log = options.log ?? ((line: string) => console.log(line))
  const install = options.install ?? installElectron
  let found = findElectronBinary(options.root, env)
  if ('missing' in found && found.downloadable) {
    const installed = await install({
      electronDir: path.join(options.root, 'node_modules', 'electron'),
      env,
      log,
    })
    found = installed.ok ? findElectronBinary(options.root, env) : { missing: installed.reason }
  }
  if ('missing' in found) {
    const reason = found.missing
    log(`Electron 无法启动：${reason}。改为在浏览器中打开（与桌面版相同的功能）。`)
    await options.launchWeb(reason)
    return { mode: 'web', reason }
  }
  const childEnv = { ...env }
  // Set by some tools for their own children; it would make Electron behave as plain Node.
  delete childEnv.ELECTRON_RUN_AS_NODE
  const child = spawn(found.path, ['.'], { cwd: options.root, env: childEnv, stdio: 'inherit' })
  const exitCode = await new Promise<number>((resolve) => {
    child.once('error', (error) => {
      log(`Electron 启动失败：${error.message}`)
      resolve(1)
    })
    child.once('exit', (code) => resolve(code ?? 0))
  })
  return { mode: 'electron', binary: found.path, exitCode }
}
