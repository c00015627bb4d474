// Finds the Electron binary without require('electron'), which would try to download it (Electron 45
// fetches its binary lazily). Honors ELECTRON_OVERRIDE_DIST_PATH like Electron's own launcher.

import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

export function findElectronBinary(root = process.cwd()): { path: string } | { missing: string } {
  const pkgDir = path.join(root, 'node_modules', 'electron')
  const pathFile = path.join(pkgDir, 'path.txt')
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (!existsSync(pkgDir)) return { missing: 'electron 未安装（npm install）' }
  if (!existsSync(pathFile))
    return { missing: 'Electron 程序尚未下载（node_modules/electron/path.txt 不存在）' }
  const executable = readFileSync(pathFile, 'utf8').trim()
  const binary = override ? path.join(override, executable) : path.join(pkgDir, 'dist', executable)
  return existsSync(binary) ? { path: binary } : { missing: `找不到 Electron 程序：${binary}` }
}
