// `npm start`: build, then launch Electron on the sandbox workspace — or, where the Electron binary
// is not installed, say so in one line and run the browser host instead so the app is still usable.

import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { findElectronBinary } from './electron-binary'
import { runWeb } from './web'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const built = spawnSync(npm, ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
if (built.status !== 0 || !existsSync('dist/renderer/index.html')) {
  console.error('构建失败，请查看上面的错误信息')
  process.exit(1)
}

const electron = findElectronBinary()
if ('missing' in electron) {
  console.log(
    `Electron binary not installed (${electron.missing}); run \`npx install-electron\` to get it — starting the browser host instead.`,
  )
  await runWeb()
} else {
  const child = spawn(electron.path, ['.'], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
}
