// Finds the Electron binary without require('electron'), which would try to download it (Electron 45
// fetches its binary lazily). Honors ELECTRON_OVERRIDE_DIST_PATH like Electron's own launcher.

import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** The executable's name inside Electron's dist folder, as Electron's install.js writes to path.txt. */
function platformExecutable(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron'
  return process.platform === 'win32' ? 'electron.exe' : 'electron'
}

export function findElectronBinary(
  root = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): { path: string } | { missing: string; downloadable?: true } {
  const pkgDir = path.join(root, 'node_modules', 'electron')
  const pathFile = path.join(pkgDir, 'path.txt')
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  if (!existsSync(pkgDir)) return { missing: 'electron 未安装（npm install）' }
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformExecutable()
  // An override is a binary the user brought: used as it is, never downloaded over.
  if (override) {
    const binary = path.join(override, executable)
    return existsSync(binary)
      ? { path: binary }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH 下找不到 ${binary}` }
  }
  if (!existsSync(pathFile))
    return { missing: 'Electron 程序尚未下载（node_modules/electron/path.txt 不存在）', downloadable: true }
  const binary = path.join(pkgDir, 'dist', executable)
  return existsSync(binary)
    ? { path: binary }
    : { missing: `找不到 Electron 程序：${binary}`, downloadable: true }
}
