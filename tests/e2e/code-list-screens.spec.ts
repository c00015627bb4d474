// The screens a sales manager lives in, in Chromium against the browser host with the real services:
// the figures as sortable columns with totals over the filter, a list whose header and filter bar
// stay put while it scrolls, the 创建日期 range with shortcuts, numbers that refresh when any sync
// finishes (the real background timer, shortened), the drawer's own 同步 and the scan notice's 刷新.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, shooter, startApp, stat, test, type Page } from './host-fixture'

const code = (name: string, members = ['zhangwei']) => ({
  name,
  memberUserids: members,
  tagIds: [],
  welcome: { mode: 'none' as const, text: '', attachment: null },
  autoAccept: { mode: 'on' as const, windows: [] },
})

/** The figures of the listed rows, top to bottom: 'name current/lost/cumulative'. */
async function figures(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: '渠道活码列表' }).locator('tbody tr')
  const out: string[] = []
  for (const row of await rows.all()) {
    const name = (await row.locator('td').nth(1).locator('button').first().textContent()) ?? ''
    const n = async (label: string) =>
      ((await row.getByLabel(new RegExp(`^${label} \\d+$`)).getAttribute('aria-label')) ?? '')
        .split(' ')
        .pop()
    out.push(`${name} ${await n('当前客户数')}/${await n('流失客户数')}/${await n('积累引流数')}`)
  }
  return out
}

test('channels compared at a glance: figures, sorting, totals, a list that keeps its header', async ({
  app,
  page,
}) => {
  const h = app.core.handlers
  const wecom = app.simulator().sandbox
  const poster = await h.createCode(code('地铁海报 · 国贸站'))
  const shop = await h.createCode(code('朝阳门店前台'))
  for (let i = 0; i < 10; i++) await h.createCode(code(`线下活动渠道${i + 1}`))
  for (const name of ['甲', '乙', '丙'])
    await wecom.control.scan({ state: poster.state }, { customerName: name })
  const a = await wecom.control.scan({ state: shop.state }, { customerName: '丁' })
  await wecom.control.scan({ state: shop.state }, { customerName: '戊' })
  await h.runSync({})
  await expect.poll(async () => (await h.getSyncStatus({})).running).toBe(false)
  await h.simulateDeletion({ id: shop.id, externalUserid: a.externalUserid, by: 'customer' })
  await h.runSync({})
  await expect.poll(async () => (await h.getSyncStatus({})).running).toBe(false)
  await page.reload()
  await page.getByRole('combobox', { name: '每页条数' }).click()
  await page.getByRole('option', { name: '20 条/页' }).click()

  const totals = page.getByRole('status', { name: '合计' })
  await expect(totals).toContainText('共 12 个活码合计')
  await expect(totals).toContainText('当前客户 4')
  await expect(totals).toContainText('流失客户 1')
  await expect(totals).toContainText('积累引流 5')

  // 积累引流数: most first, then fewest first; a third click goes back to newest first.
  const header = page.getByRole('columnheader', { name: '积累引流数' })
  await header.click()
  await expect
    .poll(async () => (await figures(page)).slice(0, 2))
    .toEqual(['地铁海报 · 国贸站 3/0/3', '朝阳门店前台 1/1/2'])
  await app.shot('list-01-sorted-1440')
  await header.click()
  await expect
    .poll(async () => (await figures(page)).slice(-2))
    .toEqual(['朝阳门店前台 1/1/2', '地铁海报 · 国贸站 3/0/3'])
  await header.click()
  await expect.poll(async () => (await figures(page))[0]).toBe('线下活动渠道10 0/0/0')
  await page.getByRole('columnheader', { name: '流失客户数' }).click()
  await expect.poll(async () => (await figures(page))[0]).toBe('朝阳门店前台 1/1/2')

  // Totals follow the filter, not the page.
  await page.getByRole('textbox', { name: '渠道名称' }).fill('门店')
  await page.getByRole('button', { name: '查询' }).click()
  await expect(totals).toContainText('筛选出 1 个活码合计')
  await expect(totals).toContainText('当前客户 1')
  await page.getByRole('button', { name: '重置' }).click()
  await expect(page.getByRole('textbox', { name: '渠道名称' })).toHaveValue('')
  await expect(totals).toContainText('共 12 个活码合计')

  // At 1280×720, at least 8 rows fit; scrolling the table keeps its header and the filter bar.
  await page.setViewportSize({ width: 1280, height: 720 })
  const table = page.getByRole('table', { name: '渠道活码列表' })
  const scroller = table.locator('xpath=..')
  const box = (await scroller.boundingBox())!
  const rows = await table.locator('tbody tr').all()
  let visible = 0
  for (const row of rows) {
    const r = (await row.boundingBox())!
    if (r.y >= box.y && r.y + r.height <= box.y + box.height + 1) visible++
  }
  await app.shot('list-02-1280')
  expect(visible).toBeGreaterThanOrEqual(8)
  // Names never break mid-word: the longest name is on one line.
  const nameHeight = (await page
    .getByRole('button', { name: '地铁海报 · 国贸站', exact: true })
    .boundingBox())!.height
  expect(nameHeight).toBeLessThan(26)
  // 复制 buttons line up, row under row.
  const copyX = await Promise.all(
    rows.slice(0, 4).map(async (r) => (await r.getByRole('button', { name: '复制' }).boundingBox())!.x),
  )
  expect(new Set(copyX.map((x) => Math.round(x))).size).toBe(1)
  // The whole table fits at 1280: no sideways scroll, so nothing hides under the pinned 操作.
  expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1)
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect(page.getByRole('columnheader', { name: '当前客户数' })).toBeInViewport()
  await expect(page.getByRole('search', { name: '筛选活码' })).toBeInViewport()
  // The pinned 操作 cell takes the hovered row's tint.
  const last = rows[rows.length - 1]!
  await last.hover()
  const pinned = last.locator('td.pinned')
  await expect(pinned).not.toHaveCSS('background-image', 'none')
  await app.shot('list-03-1280-scrolled-hover')

  // The QR thumbnail is small in the row and large on hover.
  await rows[0]!.getByTestId('qr-thumb').hover()
  await expect(page.getByRole('tooltip').getByRole('img')).toBeVisible()
  await app.shot('list-04-qr-hover')
})

test('the 创建日期 range: shortcuts, a whole range that is never cut off, a reversed pick said in place', async ({
  app,
  page,
}) => {
  await app.core.handlers.createCode(code('今日新码'))
  await page.reload()
  const field = page.getByRole('textbox', { name: '创建日期' })
  // By CSS: the open popover hides the rest of the page from the accessibility tree.
  const barHeight = async () => (await page.locator('form[role="search"]').boundingBox())!.height
  const before = await barHeight()
  await field.click()
  const picker = page.getByRole('dialog', { name: '选择创建日期' })
  await expect(picker.getByRole('button', { name: '近30天' })).toBeVisible()
  await expect(page.locator('.MuiPopover-paper')).toHaveCSS('opacity', '1')
  await app.shot('list-05-date-range-open')
  await picker.getByRole('button', { name: '本月' }).click()
  const value = await field.inputValue()
  expect(value).toMatch(/^\d{4}-\d{2}-01 至 \d{4}-\d{2}-\d{2}$/)
  // The whole text fits the box: nothing cut off.
  expect(await field.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true)
  await page.getByRole('button', { name: '查询' }).click()
  await expect(page.getByRole('status', { name: '合计' })).toContainText('筛选出 1 个活码合计')

  await field.click()
  const grid = picker.getByRole('grid')
  await grid.getByRole('gridcell', { name: '20', exact: true }).click()
  await grid.getByRole('gridcell', { name: '10', exact: true }).click()
  await expect(picker.getByRole('status')).toContainText('结束日期早于开始日期')
  await page.mouse.move(0, 0)
  await app.shot('list-06-date-range-reversed')
  expect(await barHeight()).toBe(before)
  await page.keyboard.press('Escape')
  await expect(field).toHaveValue(value)
})

test('numbers refresh when the background sync finishes; the drawer has its own 同步; 刷新 syncs', async ({
  page,
}) => {
  const app = await startApp(mkdtempSync(path.join(os.tmpdir(), 'livecode-e2e-')), { syncIntervalMs: 1500 })
  try {
    const shot = shooter(page)
    await page.goto(app.host.openUrl)
    const made = await app.core.handlers.createCode(code('展会签到码'))
    await page.reload()
    await page.getByRole('button', { name: '展会签到码', exact: true }).click()
    await expect.poll(() => stat(page, '当前客户数')).toBe(0)

    // A customer scans while the drawer is open; nobody presses 同步: the timer's sync refreshes it.
    await app.simulator().sandbox.control.scan({ state: made.state }, { customerName: '后台同步客户' })
    await expect.poll(() => stat(page, '当前客户数'), { timeout: 20_000 }).toBe(1)
    await expect(page.getByText('后台同步客户')).toBeVisible()
    await shot('list-07-drawer-refreshed')

    // The drawer's own 同步 button, over the header's.
    await app.simulator().sandbox.control.scan({ state: made.state }, { customerName: '抽屉同步客户' })
    const drawer = page.locator('.MuiDrawer-paper')
    await drawer.getByRole('button', { name: /^同步/ }).click()
    await expect.poll(() => stat(page, '当前客户数'), { timeout: 20_000 }).toBe(2)
    await drawer.getByRole('button', { name: '关闭' }).click()

    // The scan notice's 刷新 syncs, so the list's figure moves.
    const row = page.getByRole('row', { name: /展会签到码/ })
    await row.getByRole('button', { name: '模拟扫码' }).click()
    await page.getByRole('button', { name: '刷新' }).click()
    await expect(row.getByLabel(/^当前客户数 \d+$/)).toHaveAttribute('aria-label', '当前客户数 3', {
      timeout: 20_000,
    })
    await shot('list-08-after-refresh')
  } finally {
    await app.stop()
  }
})
