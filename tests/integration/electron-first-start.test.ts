// The first `npm start`: the Electron binary is missing, so Electron's own installer fetches it — here
// from a stand-in mirror on 127.0.0.1 (ELECTRON_MIRROR) serving a fake zip whose "electron" is a shell
// script recording how it was launched — and the app launches it; when the fetch fails, the browser
// host starts instead with the reason in one line. install.js writes into its own package folder, so
// each test runs it from a copy of node_modules/electron (its imports resolve through NODE_PATH).

import { createHash } from 'node:crypto'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterEach, describe, expect, it } from 'vitest'
import { startApp } from '../../scripts/start-app'
import { installElectron, installerEnv } from '../../scripts/electron-install'

const repo = path.resolve(__dirname, '../..')
const realElectron = path.join(repo, 'node_modules', 'electron')
const version = (
  JSON.parse(readFileSync(path.join(realElectron, 'package.json'), 'utf8')) as { version: string }
).version
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`
const executable = process.platform === 'win32' ? 'electron.exe' : 'electron'
/** Records its working folder and arguments next to itself, then exits 0 as a closed app would. */
const FAKE_ELECTRON = '#!/bin/sh\nprintf "%s\\n" "$PWD" "$@" > "$(dirname "$0")/launched.txt"\n'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A project folder whose node_modules/electron is a fresh copy of the real package (no binary). */
function project(checksum: string): string {
  const root = tempDir('first-start-')
  const electronDir = path.join(root, 'node_modules', 'electron')
  mkdirSync(electronDir, { recursive: true })
  for (const file of ['install.js', 'package.json'])
    copyFileSync(path.join(realElectron, file), path.join(electronDir, file))
  // The package's pinned SHA-256 list, pointing at the stand-in zip instead of the real one.
  writeFileSync(path.join(electronDir, 'checksums.json'), JSON.stringify({ [zipName]: checksum }))
  return root
}

async function fakeZip(): Promise<Buffer> {
  const zip = new JSZip()
  zip.file(executable, FAKE_ELECTRON, { unixPermissions: 0o755 })
  zip.file('version', version)
  return zip.generateAsync({ type: 'nodebuffer', platform: 'UNIX' })
}

/** The stand-in mirror: serves the zip under any version folder; records what was asked. */
async function mirror(body: Buffer | null): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '')
    if (body && req.url?.endsWith(`/${zipName}`)) {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(body)
    } else res.writeHead(404).end('not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests }
}

function env(mirrorUrl: string): NodeJS.ProcessEnv {
  const base = { ...process.env }
  for (const key of Object.keys(base))
    if (/proxy|^ELECTRON_|^npm_config_electron/i.test(key)) delete base[key]
  return {
    ...base,
    ELECTRON_MIRROR: mirrorUrl,
    electron_config_cache: tempDir('electron-cache-'),
    NODE_PATH: path.join(repo, 'node_modules'),
  }
}

describe('the first npm start', () => {
  it('fetches the missing binary from ELECTRON_MIRROR with a progress line, then launches it', async () => {
    if (process.platform === 'win32') return // the stand-in binary is a shell script
    const zip = await fakeZip()
    const root = project(createHash('sha256').update(zip).digest('hex'))
    const server = await mirror(zip)
    const lines: string[] = []
    let output = ''
    let webReason: string | null = null
    const outcome = await startApp({
      root,
      env: env(server.url),
      log: (line) => lines.push(line),
      install: (options) => installElectron({ ...options, output: (chunk) => (output += chunk) }),
      launchWeb: (reason) => {
        webReason = reason
        return Promise.resolve()
      },
    })
    expect(webReason).toBeNull()
    const binary = path.join(root, 'node_modules/electron/dist', executable)
    expect(outcome).toEqual({ mode: 'electron', binary, exitCode: 0 })
    expect(server.requests).toEqual([`/v${version}/${zipName}`])
    expect(lines[0]).toBe(
      `首次启动：正在下载 Electron ${version}（来自 镜像 ${server.url}，约 100 MB，只需一次）…`,
    )
    expect(output).toMatch(new RegExp(`下载 ${zipName.replace(/\./g, '\\.')}：100% [\\d.]+ / [\\d.]+ MB\\n$`))
    // Installed the way install-electron leaves it: path.txt names the executable.
    expect(readFileSync(path.join(root, 'node_modules/electron/path.txt'), 'utf8')).toBe(executable)
    expect(
      readFileSync(path.join(root, 'node_modules/electron/dist/launched.txt'), 'utf8').split('\n'),
    ).toEqual([root, '.', ''])
  })

  it('falls back to the browser host in one line when the mirror has no such file', async () => {
    const root = project('0'.repeat(64))
    const server = await mirror(null)
    const lines: string[] = []
    const reasons: string[] = []
    const outcome = await startApp({
      root,
      env: env(server.url),
      log: (line) => lines.push(line),
      install: (options) => installElectron({ ...options, output: () => {} }),
      launchWeb: (reason) => {
        reasons.push(reason)
        return Promise.resolve()
      },
    })
    const reason = `下载地址返回 HTTP 404：${server.url}v${version}/${zipName}`
    expect(outcome).toEqual({ mode: 'web', reason })
    expect(reasons).toEqual([reason])
    expect(lines.at(-1)).toBe(`Electron 无法启动：${reason}。改为在浏览器中打开（与桌面版相同的功能）。`)
    expect(existsSync(path.join(root, 'node_modules/electron/path.txt'))).toBe(false)
  })

  it('names the host it could not reach when the download server is down', async () => {
    const root = project('0'.repeat(64))
    const server = await mirror(null)
    await cleanups.pop()!() // the mirror is gone: its port refuses connections
    const outcome = await startApp({
      root,
      env: env(server.url),
      log: () => {},
      install: (options) => installElectron({ ...options, output: () => {} }),
      launchWeb: () => Promise.resolve(),
    })
    expect(outcome).toEqual({ mode: 'web', reason: `无法连接 ${new URL(server.url).host}（ECONNREFUSED）` })
  })

  it('refuses a download whose SHA-256 is not the pinned one', async () => {
    if (process.platform === 'win32') return
    const root = project('0'.repeat(64))
    const server = await mirror(await fakeZip())
    const outcome = await startApp({
      root,
      env: env(server.url),
      log: () => {},
      install: (options) => installElectron({ ...options, output: () => {} }),
      launchWeb: () => Promise.resolve(),
    })
    expect(outcome.mode).toBe('web')
    expect(outcome.mode === 'web' && outcome.reason).toMatch(/校验失败/)
    expect(existsSync(path.join(root, 'node_modules/electron/dist', executable))).toBe(false)
  })

  it('launches a binary given by ELECTRON_OVERRIDE_DIST_PATH without downloading anything', async () => {
    if (process.platform === 'win32') return
    const root = project('0'.repeat(64))
    const dist = tempDir('electron-override-')
    writeFileSync(path.join(dist, executable), FAKE_ELECTRON)
    chmodSync(path.join(dist, executable), 0o755)
    let installs = 0
    const outcome = await startApp({
      root,
      env: { ...env('http://127.0.0.1:9/'), ELECTRON_OVERRIDE_DIST_PATH: dist },
      log: () => {},
      install: () => {
        installs++
        return Promise.resolve({ ok: false, reason: 'unused' })
      },
      launchWeb: () => Promise.resolve(),
    })
    expect(installs).toBe(0)
    expect(outcome).toEqual({ mode: 'electron', binary: path.join(dist, executable), exitCode: 0 })
    expect(readFileSync(path.join(dist, 'launched.txt'), 'utf8')).toBe(`${root}\n.\n`)
  })
})

describe('the installer environment', () => {
  it('turns on proxy support when npm or the shell configures a proxy, and leaves it off otherwise', () => {
    expect(installerEnv({ npm_config_https_proxy: 'http://proxy:3128' })).toMatchObject({
      HTTPS_PROXY: 'http://proxy:3128',
      ELECTRON_GET_USE_PROXY: 'true',
      NODE_USE_ENV_PROXY: '1',
    })
    expect(installerEnv({ https_proxy: 'http://p:1', no_proxy: 'corp.local' })).toMatchObject({
      HTTPS_PROXY: 'http://p:1',
      NO_PROXY: 'corp.local',
    })
    const none = installerEnv({ PATH: '/bin' })
    expect(none.ELECTRON_GET_USE_PROXY).toBeUndefined()
    expect(none.HTTPS_PROXY).toBeUndefined()
  })
})
