// A new user's first run on a real corp — here the simulator run standalone (`npm run sandbox`) as the
// corp's WeCom and a relay started from its config file (`npm run relay`), both as child processes —
// connected through 设置; then both stopped (every screen, download, ZIP, print and export offline) and
// started again on the same ports and data: counts right, the outage's tags applied, its window shown.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import JSZip from 'jszip'
import type { Core } from '../../main/core-types'
import type { Host } from '../../main/host/server'
import { decodeQrImage } from '../../main/qr/decode'
import { freePort } from '../integration/corp-world'
import { shooter, startApp, stat } from './host-fixture'

const CORP = {
  corpId: 'wwe2erealcorp',
  secret: 'e2e-self-built-app-secret',
  token: 'E2eRelayToken77',
  encodingAesKey: 'RTJFUmVsYXlLZXlGb3JUaGVSZWFsQ29ycE9mZmxpbmU',
  relayKey: 'e2e-desktop-relay-key-0123456789',
}

/** A child process that is up once it printed `ready`; stop() sends SIGTERM and waits. */
class Service {
  private child: ChildProcess | null = null
  constructor(
    private readonly script: string,
    private readonly env: Record<string, string>,
    private readonly ready: RegExp,
  ) {}

  async start() {
    const child = spawn(process.execPath, ['--import', 'tsx', this.script], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    let out = ''
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d.toString()
        if (this.ready.test(out)) resolve()
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
      child.once('exit', (code) => reject(new Error(`${this.script} exited ${code}: ${out}`)))
    })
  }

  async stop() {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
}

interface World {
  core: Core
  host: Host
  wecom: Service
  relay: Service
  apiBase: string
  relayUrl: string
  shot(name: string): Promise<void>
}

const test = base.extend<{ world: World }>({
  world: async ({ page }, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-real-corp-'))
    const [wecomPort, relayPort] = [await freePort(), await freePort()]
    const apiBase = `http://127.0.0.1:${wecomPort}`
    const relayUrl = `http://127.0.0.1:${relayPort}`
    const wecom = new Service(
      'sandbox/cli.ts',
      {
        SANDBOX_PORT: String(wecomPort),
        SANDBOX_CORP_ID: CORP.corpId,
        SANDBOX_SECRET: CORP.secret,
        SANDBOX_TOKEN: CORP.token,
        SANDBOX_AES_KEY: CORP.encodingAesKey,
        SANDBOX_CALLBACK_URL: `${relayUrl}/callback/customerEvent/${CORP.corpId}`,
        SANDBOX_STATE_FILE: path.join(dir, 'wecom-state.json'),
      },
      /control:/,
    )
    const config = path.join(dir, 'relay.config.json')
    writeFileSync(
      config,
      JSON.stringify({
        host: '127.0.0.1',
        port: relayPort,
        dataDir: path.join(dir, 'relay-data'),
        heartbeatSeconds: 0.2,
        corps: [
          {
            corpId: CORP.corpId,
            token: CORP.token,
            encodingAesKey: CORP.encodingAesKey,
            secret: CORP.secret,
            apiKey: CORP.relayKey,
            apiBase,
          },
        ],
      }),
    )
    const relay = new Service('relay/cli.ts', { RELAY_CONFIG: config }, /relay listening on/)
    await wecom.start()
    await relay.start()
    const workspaceDir = path.join(dir, 'app')
    mkdirSync(workspaceDir)
    const app = await startApp(workspaceDir)
    await page.goto(app.host.openUrl)
    const { core, host } = app
    await use({ core, host, wecom, relay, apiBase, relayUrl, shot: shooter(page) })
    await app.stop()
    await relay.stop()
    await wecom.stop()
  },
})

async function control(apiBase: string, method: string, args: Record<string, unknown>) {
  const res = await fetch(`${apiBase}/sandbox/control/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

async function download(page: Page, click: () => Promise<void>) {
  const waiting = page.waitForEvent('download')
  await click()
  const file = await waiting
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }
}

test('a real corp: first run, offline, and back online', async ({ world, page }) => {
  test.setTimeout(180_000)
  const syncLine = page.getByTestId('sync-line')

  // 设置: connect the corp, the WeCom host in 高级设置.
  await page.getByRole('button', { name: '设置' }).first().click()
  await page.getByLabel(/企业ID/).fill(CORP.corpId)
  await page.getByLabel('企业名称').fill('星河贸易')
  await page.getByLabel(/Secret（自建应用）/).fill(CORP.secret)
  await page.getByLabel(/中转服务地址/).fill(world.relayUrl)
  await page.getByLabel(/中转服务密钥/).fill(CORP.relayKey)
  await page.getByRole('button', { name: /高级设置/ }).click()
  await page.getByLabel('企业微信 API 地址').fill(world.apiBase)
  await page.getByRole('button', { name: '保存并连接' }).click()
  await expect(page.getByText('全部检查通过').first()).toBeVisible({ timeout: 30_000 })
  await expect(page.getByText('✓ 回调地址校验')).toBeVisible()
  // The values to paste into WeCom are the relay's own.
  await expect(page.getByLabel('Token', { exact: true })).toHaveText(CORP.token)
  await expect(page.getByLabel('EncodingAESKey', { exact: true })).toHaveText(CORP.encodingAesKey)
  await world.shot('30-corp-connected')
  await expect(syncLine).toContainText('上次同步')

  // A code with two tags; two customers scan it; a sync counts them.
  await page.getByRole('button', { name: '企业微信活码' }).first().click()
  await page.getByRole('button', { name: '新建活码' }).first().click()
  await page.getByRole('textbox', { name: /渠道活码名称/ }).fill('国贸店海报')
  await page.getByRole('button', { name: /选择使用人员/ }).click()
  const picker = page.getByRole('dialog', { name: '选择使用人员' })
  await picker.getByRole('button', { name: /张伟/ }).click()
  await picker.getByRole('button', { name: '确定' }).click()
  await page.getByRole('button', { name: '女', exact: true }).click()
  await page.getByRole('button', { name: '重要', exact: true }).click()
  await page.getByRole('textbox', { name: /欢迎语1/ }).fill('您好，欢迎光临国贸店！')
  await page.getByRole('button', { name: '创建活码' }).click()
  const row = page.getByRole('row', { name: /国贸店海报/ })
  await expect(row).toBeVisible()
  const code = (await world.core.handlers.listCodes({ page: 1, pageSize: 10 })).items[0]!
  expect(code.relayState).toBe('synced')
  for (const name of ['李女士', '王先生'])
    await control(world.apiBase, 'scan', { state: code.state, customerName: name })
  await page.getByRole('button', { name: /同步/ }).first().click()
  await expect(syncLine).toContainText('上次同步 · 刚刚')
  await row.getByRole('button', { name: '统计' }).click()
  await expect.poll(() => stat(page, '积累引流数')).toBe(2)
  await expect(page.getByText('欢迎语已发').first()).toBeVisible()
  await page.getByRole('button', { name: '关闭' }).first().click()

  // The relay goes down; a third customer scans (WeCom's three tries all fail); then WeCom goes too.
  await world.relay.stop()
  const zhaoScan = await control(world.apiBase, 'scan', { state: code.state, customerName: '赵同学' })
  await world.wecom.stop()

  // Offline: the sync says so in red with the time of the failure, never "同步完成".
  await page.getByRole('button', { name: /同步/ }).first().click()
  await expect(syncLine).toContainText('同步失败 · 刚刚')
  await expect(syncLine).toHaveCSS('color', 'rgb(217, 48, 38)')
  await expect(page.getByText('同步完成，数据已更新')).toHaveCount(0)
  await expect(page.getByTestId('offline-chip')).toContainText(/离线 · 数据截至 \d\d:\d\d/)
  await world.shot('31-offline-list')

  // Every screen still reads: the stats drawer and its tabs, from SQLite.
  await row.getByRole('button', { name: '统计' }).click()
  await expect.poll(() => stat(page, '积累引流数')).toBe(2)
  await page.getByRole('tab', { name: '数据趋势' }).click()
  await page.getByRole('tab', { name: '渠道设置' }).click()
  await expect(page.getByText('您好，欢迎光临国贸店！')).toBeVisible()
  await world.shot('32-offline-stats')
  await page.getByRole('button', { name: '关闭' }).first().click()

  // The form says up front that saving needs the network.
  await row.getByRole('button', { name: '编辑' }).click()
  await expect(page.getByTestId('form-offline')).toContainText('保存活码需要联网')
  await expect(page.locator('.MuiDrawer-paper').last()).toHaveCSS('transform', 'none')
  await world.shot('33-offline-form')
  await page.getByRole('button', { name: '取消' }).click()

  // Downloads, ZIP, print and export all work offline.
  const png = await download(page, () => row.getByRole('button', { name: '下载' }).click())
  expect(png.name).toBe('国贸店海报.png')
  expect(decodeQrImage(png.bytes)).toMatch(/^https:\/\//)
  await row.getByRole('checkbox').check()
  const zip = await download(page, () => page.getByRole('button', { name: '批量下载' }).click())
  expect(Object.keys((await JSZip.loadAsync(zip.bytes)).files)).toEqual(['国贸店海报.png'])
  await page.getByRole('button', { name: '批量打印' }).click()
  await expect(page.getByRole('img', { name: /国贸店海报/ }).first()).toBeAttached()
  const xlsx = await download(page, () => page.getByRole('button', { name: /导出/ }).first().click())
  expect(xlsx.name).toMatch(/\.xlsx$/)
  await page.getByRole('button', { name: '设置' }).first().click()
  await expect(page.getByLabel('Token', { exact: true })).toHaveText(CORP.token)
  await world.shot('34-offline-setup')

  // Back online: both return on their ports with their data.
  await world.wecom.start()
  await world.relay.start()
  await page.getByRole('button', { name: '企业微信活码' }).first().click()
  await page.getByRole('button', { name: /同步/ }).first().click()
  await expect(syncLine).toContainText('上次同步 · 刚刚')
  await expect(page.getByTestId('offline-chip')).toHaveCount(0)
  await row.getByRole('button', { name: '统计' }).click()
  await expect.poll(() => stat(page, '积累引流数')).toBe(3)
  expect(await stat(page, '当前客户数')).toBe(3)
  // The outage is shown, and the customer added during it got the code's tags from the app.
  await expect(page.getByTestId('relay-gaps')).toContainText('不可用，这段时间内客户删除员工的记录可能缺失')
  const zhao = page.getByRole('row', { name: /赵同学/ })
  await expect(zhao.getByText('补打', { exact: true })).toBeVisible()
  await expect(zhao.getByText('未发欢迎语')).toBeVisible()
  await world.shot('35-back-online-stats')
  // WeCom records the app's 补打标签 (its list restarted with the simulator): exactly one, the code's tags.
  const marked = (await control(world.apiBase, 'markedTags', {})) as unknown as {
    externalUserid: string
    addTag: string[]
  }[]
  expect(marked).toEqual([
    expect.objectContaining({ externalUserid: zhaoScan.externalUserid, addTag: code.tagIds }),
  ])
})
