// Fetches the Electron binary when it is missing, with Electron's own installer
// (node_modules/electron/install.js → @electron/get): ELECTRON_MIRROR (and the npm_config_electron_*
// forms from .npmrc), the cache in ~/.cache/electron and the SHA-256 check all work as they do for
// `npx install-electron`. Proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (or npm's proxy settings) are
// honoured by turning on @electron/get's proxy support and Node's own.

import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const PROGRESS_HOOK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'electron-progress.mjs')

export type InstallResult = { ok: true } | { ok: false; reason: string }

export interface InstallOptions {
  /** node_modules/electron of the project. */
  electronDir: string
  env?: NodeJS.ProcessEnv
  log?: (line: string) => void
  /** Where the installer's stdout (the progress line) goes; the terminal by default. */
  output?: (chunk: string) => void
}

/** The environment the installer runs with: proxy support on whenever a proxy is configured. */
export function installerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env }
  // npm passes its own proxy settings to scripts as npm_config_*; the fetch in @electron/get reads
  // the standard names.
  out.HTTPS_PROXY ??= env.https_proxy ?? env.npm_config_https_proxy ?? env.npm_config_proxy
  out.HTTP_PROXY ??= env.http_proxy ?? env.npm_config_proxy
  out.NO_PROXY ??= env.no_proxy ?? env.npm_config_noproxy
  for (const key of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'] as const) if (!out[key]) delete out[key]
  if (out.HTTPS_PROXY || out.HTTP_PROXY) {
    out.ELECTRON_GET_USE_PROXY = 'true'
    out.NODE_USE_ENV_PROXY = '1'
  }
  return out
}

/** Where the download comes from, for the one line printed before it starts. */
export function downloadSource(env: NodeJS.ProcessEnv): string {
  const mirror =
    env.npm_config_electron_mirror ?? env.NPM_CONFIG_ELECTRON_MIRROR ?? env.ELECTRON_MIRROR ?? undefined
  return mirror ? `镜像 ${mirror}` : 'GitHub（可用 ELECTRON_MIRROR 指定镜像）'
}

/** One line saying why the fetch failed, from what the installer printed. */
export function failureReason(stderr: string, exitCode: number | null): string {
  const cause = /electron-fetch-cause: (\S+) (\S*) (.*)/.exec(stderr)
  if (cause) return `无法连接 ${cause[1]}（${cause[2] || cause[3]!.trim()}）`
  const http = /HTTPError: Response code (\d+)[^\n]*? for (\S+)/.exec(stderr)
  if (http) return `下载地址返回 HTTP ${http[1]}：${http[2]}`
  const checksum = /(checksum|sha256)[^\n]*/i.exec(stderr)
  if (checksum) return `下载的文件校验失败：${checksum[0].slice(0, 160)}`
  const first = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at '))
  return first ? first.slice(0, 200) : `安装程序退出（代码 ${exitCode ?? '?'}）`
}

export async function installElectron(options: InstallOptions): Promise<InstallResult> {
  const env = installerEnv(options.env ?? process.env)
  const log = options.log ?? ((line: string) => console.log(line))
  const installer = path.join(options.electronDir, 'install.js')
  let version = '?'
  try {
    version = (
      JSON.parse(readFileSync(path.join(options.electronDir, 'package.json'), 'utf8')) as {
        version: string
      }
    ).version
  } catch {
    return { ok: false, reason: 'node_modules/electron 不完整，请重新运行 npm install' }
  }
  log(`首次启动：正在下载 Electron ${version}（来自 ${downloadSource(env)}，约 100 MB，只需一次）…`)
  const child = spawn(process.execPath, ['--import', PROGRESS_HOOK, installer], {
    cwd: options.electronDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = options.output ?? ((chunk: string) => void process.stdout.write(chunk))
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', output)
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000)
  })
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      stderr += `\n${error.message}`
      resolve(-1)
    })
    child.once('close', (exit) => resolve(exit))
  })
  return code === 0 ? { ok: true } : { ok: false, reason: failureReason(stderr, code) }
}
