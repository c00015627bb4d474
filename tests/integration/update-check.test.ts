// The update decision (main/updates/update-check.ts) against a local server serving a generic feed's
// latest*.yml, as electron-builder publishes it: off with no URL, offered only for a newer version.
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channelFile, checkForNewer, compareVersions, updateConfig } from '../../main/updates/update-check'

const latestYml = (version: string) => `version: ${version}
files:
  - url: 活码助手-${version}-setup.exe
    sha512: bm90LWEtcmVhbC1oYXNo
    size: 91234567
path: 活码助手-${version}-setup.exe
sha512: bm90LWEtcmVhbC1oYXNo
releaseDate: '2026-11-30T08:00:00.000Z'
`

let server: http.Server
let base = ''
const requests: string[] = []
beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '')
    const feeds: Record<string, string> = {
      '/newer/latest.yml': latestYml('0.2.0'),
      '/newer/latest-linux.yml': latestYml('0.2.0'),
      '/same/latest-linux.yml': latestYml('0.1.0'),
      '/older/latest-linux.yml': latestYml('0.0.9'),
      '/beta/latest-linux.yml': latestYml('0.2.0-beta.1'),
      '/broken/latest-linux.yml': 'files: []\n',
    }
    const body = feeds[decodeURIComponent(req.url ?? '')]
    if (body) res.writeHead(200, { 'content-type': 'text/yaml' }).end(body)
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function appUpdateYml(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'app-update-')), 'app-update.yml')
  writeFileSync(file, text)
  return file
}

describe('is an update feed configured', () => {
  it('is off with no URL: no app-update.yml, no generic provider, an empty url, no env', () => {
    expect(updateConfig({ env: {} })).toBeNull()
    expect(updateConfig({ appUpdateYml: '/nonexistent/app-update.yml', env: {} })).toBeNull()
    expect(updateConfig({ appUpdateYml: appUpdateYml('provider: github\nowner: x\n'), env: {} })).toBeNull()
    expect(updateConfig({ appUpdateYml: appUpdateYml("provider: generic\nurl: ''\n"), env: {} })).toBeNull()
    expect(updateConfig({ env: { LIVE_CODES_UPDATE_URL: 'file:///etc' } })).toBeNull()
  })

  it('reads the generic URL electron-builder wrote from publish, or LIVE_CODES_UPDATE_URL', () => {
    const file = appUpdateYml(
      'provider: generic\nurl: https://updates.example.com/huoma/\nupdaterCacheDirName: wecom-live-codes-updater\n',
    )
    expect(updateConfig({ appUpdateYml: file, env: {} })).toEqual({
      url: 'https://updates.example.com/huoma',
    })
    expect(updateConfig({ appUpdateYml: file, env: { LIVE_CODES_UPDATE_URL: `${base}/newer` } })).toEqual({
      url: `${base}/newer`,
    })
  })
})

describe('is there a newer version', () => {
  it('offers a newer version from the platform’s channel file', async () => {
    expect(await checkForNewer({ url: `${base}/newer` }, '0.1.0', { platform: 'linux' })).toEqual({
      kind: 'available',
      version: '0.2.0',
      releaseDate: '2026-11-30T08:00:00.000Z',
    })
    expect(await checkForNewer({ url: `${base}/newer` }, '0.1.0', { platform: 'win32' })).toMatchObject({
      kind: 'available',
    })
    expect(requests).toEqual(expect.arrayContaining(['/newer/latest-linux.yml', '/newer/latest.yml']))
  })

  it('offers nothing for the same or an older version', async () => {
    expect(await checkForNewer({ url: `${base}/same` }, '0.1.0', { platform: 'linux' })).toEqual({
      kind: 'none',
      latest: '0.1.0',
    })
    expect(await checkForNewer({ url: `${base}/older` }, '0.1.0', { platform: 'linux' })).toMatchObject({
      kind: 'none',
    })
    expect(await checkForNewer({ url: `${base}/beta` }, '0.2.0', { platform: 'linux' })).toMatchObject({
      kind: 'none',
    })
  })

  it('reports a missing feed, a broken file or a dead server as an error, never as an update', async () => {
    expect(await checkForNewer({ url: `${base}/missing` }, '0.1.0', { platform: 'linux' })).toEqual({
      kind: 'error',
      message: '更新服务器返回 HTTP 404（latest-linux.yml）',
    })
    expect(await checkForNewer({ url: `${base}/broken` }, '0.1.0', { platform: 'linux' })).toEqual({
      kind: 'error',
      message: 'latest-linux.yml 中没有有效的版本号',
    })
    expect(await checkForNewer({ url: 'http://127.0.0.1:9' }, '0.1.0', { platform: 'linux' })).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('无法连接更新服务器'),
    })
  })

  it('orders versions as semver does', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1)
    expect(compareVersions('1.0.0-beta.1', '1.0.0')).toBe(-1)
    expect(compareVersions('v1.2.3', '1.2.3')).toBe(0)
    expect(channelFile('darwin')).toBe('latest-mac.yml')
  })
})
