// Code groups and the branded QR in Chromium against the real services: groups made, codes moved in
// batch and one by one, the list filtered by a group with its totals, rename and a safe delete (codes
// back to 未分组); then the 二维码样式 dialog refusing a low-contrast pair and previewing a logo,
// caption and colours live. Screenshots at 1280, 1440 and 1680 px (the side panel).

import { pngLogo } from '../fixtures/qr-logos'
import { expect, test, type Page } from './host-fixture'

const code = (name: string) => ({
  name,
  memberUserids: ['zhangwei'],
  tagIds: [],
  welcome: { mode: 'none' as const, text: '', attachment: null },
  autoAccept: { mode: 'on' as const, windows: [] },
})

const rowNames = async (page: Page) =>
  (
    await page
      .getByRole('table', { name: '渠道活码列表' })
      .locator('tbody tr td:nth-child(2) button')
      .allTextContents()
  ).sort()

/** Below 1600 px the groups open from the toolbar's 分组 button; returns that popover. */
async function openGroups(page: Page) {
  await page.getByRole('button', { name: /^分组筛选：/ }).click()
  return page.getByRole('dialog', { name: '活码分组' })
}

/** The group's row in the list: its name, code count and figures. */
const groupRow = (scope: ReturnType<Page['getByRole']>, name: string, count: number) =>
  scope.getByRole('button', { name: new RegExp(`^${name} ${count} 个活码`) })

test('code groups: create, move in batch and one by one, filter with totals, rename, delete safely', async ({
  app,
  page,
}) => {
  const h = app.core.handlers
  const wecom = app.simulator().sandbox
  const made: Record<string, { id: number; state: string }> = {}
  for (const name of ['国贸门店', '朝阳门店', '望京门店', '春季展会', '地铁海报'])
    made[name] = await h.createCode(code(name))
  for (const [name, customer] of [
    ['国贸门店', '甲'],
    ['国贸门店', '乙'],
    ['朝阳门店', '丙'],
    ['春季展会', '丁'],
  ] as const)
    await wecom.control.scan({ state: made[name]!.state }, { customerName: customer })
  await h.runSync({})
  await expect.poll(async () => (await h.getSyncStatus({})).running).toBe(false)
  await page.reload()

  // New groups from the toolbar's 分组 list.
  for (const name of ['门店', '展会活动']) {
    await (await openGroups(page)).getByRole('button', { name: '新建分组' }).click()
    await page.getByRole('textbox', { name: '分组名称' }).fill(name)
    await page.getByRole('button', { name: '确定' }).click()
    await expect(page.getByText(`已新建分组「${name}」`)).toBeVisible()
  }
  // A duplicate is refused in the dialog.
  await (await openGroups(page)).getByRole('button', { name: '新建分组' }).click()
  await page.getByRole('textbox', { name: '分组名称' }).fill('门店')
  await page.getByRole('button', { name: '确定' }).click()
  await expect(page.getByText('已有名为「门店」的分组，请换一个名称')).toBeVisible()
  await page.getByRole('button', { name: '取消' }).click()

  // Batch: the three shops at once.
  for (const name of ['国贸门店', '朝阳门店', '望京门店'])
    await page.getByRole('checkbox', { name: `选择 ${name}` }).check()
  await page.getByRole('button', { name: '移动到分组' }).click()
  await page.getByRole('radio', { name: '门店' }).check()
  await page.getByRole('button', { name: '移动', exact: true }).click()
  await expect(page.getByText('已把选中的 3 个活码移动到「门店」')).toBeVisible()
  await expect(page.getByText('已选 3 个')).toHaveCount(0)
  // One by one, from the row's ⋯.
  await page.getByRole('button', { name: '春季展会 的二维码菜单' }).click()
  await page.getByRole('menuitem', { name: '移动到分组…' }).click()
  await page.getByRole('radio', { name: '展会活动' }).check()
  await page.getByRole('button', { name: '移动', exact: true }).click()
  await expect(page.getByText('已把「春季展会」移动到「展会活动」')).toBeVisible()
  const groups = await openGroups(page)
  await expect(groupRow(groups, '门店', 3)).toHaveAccessibleName(/当前 3 · 流失 0 · 累计 3$/)
  await expect(groupRow(groups, '展会活动', 1)).toBeVisible()
  await expect(groupRow(groups, '未分组', 1)).toBeVisible()
  await expect(groupRow(groups, '全部活码', 5)).toHaveAccessibleName(/当前 4 · 流失 0 · 累计 4$/)
  await expect(groups).toHaveCSS('opacity', '1')
  await app.shot('groups-01-menu-1440')

  // The filter and its totals.
  await groupRow(groups, '门店', 3).click()
  await expect(page.getByRole('button', { name: '分组筛选：门店' })).toBeVisible()
  expect(await rowNames(page)).toEqual(['国贸门店', '望京门店', '朝阳门店'].sort())
  const totals = page.getByRole('status', { name: '合计' })
  await expect(totals).toContainText('筛选出 3 个活码合计')
  await expect(totals).toContainText('当前客户 3')
  await expect(totals).toContainText('积累引流 3')
  await app.shot('groups-02-filtered-1440')
  await page.setViewportSize({ width: 1280, height: 720 })
  await expect(totals).toContainText('筛选出 3 个活码合计')
  await app.shot('groups-03-filtered-1280')
  // The table still fits at 1280 with the group bar above it: no sideways scroll.
  const scroller = page.getByRole('table', { name: '渠道活码列表' }).locator('xpath=..')
  expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1)

  // Wide windows: the folder list beside the table, with each group's figures.
  await page.setViewportSize({ width: 1680, height: 900 })
  const side = page.getByRole('navigation', { name: '活码分组' })
  await expect(groupRow(side, '门店', 3)).toHaveAccessibleName(/当前 3 · 流失 0 · 累计 3$/)
  await expect(groupRow(side, '未分组', 1)).toBeVisible()
  await app.shot('groups-04-side-1680')
  await groupRow(side, '展会活动', 1).click()
  expect(await rowNames(page)).toEqual(['春季展会'])

  // Rename from the group's ⋯.
  await side.getByRole('button', { name: '管理分组 展会活动' }).click()
  await page.getByRole('menuitem', { name: '重命名' }).click()
  await page.getByRole('textbox', { name: '分组名称' }).fill('线下展会')
  await page.getByRole('button', { name: '确定' }).click()
  await expect(groupRow(side, '线下展会', 1)).toBeVisible()

  // Delete 门店: the confirm says where its codes go, and they are all still listed afterwards.
  await groupRow(side, '门店', 3).click()
  await side.getByRole('button', { name: '管理分组 门店' }).click()
  await page.getByRole('menuitem', { name: '删除分组' }).click()
  await expect(page.getByRole('dialog')).toContainText('其中的 3 个活码不会被删除，会移到“未分组”')
  await app.shot('groups-05-delete-confirm')
  await page.getByRole('dialog').getByRole('button', { name: '删除分组' }).click()
  await expect(page.getByText('已删除分组「门店」，其中 3 个活码已移到“未分组”')).toBeVisible()
  await expect(side.getByRole('button', { name: /^未分组 4 个活码/ })).toBeVisible()
  await expect(side.getByRole('button', { name: /^全部活码 5 个活码/ })).toHaveAttribute(
    'aria-current',
    'true',
  )
  expect(await rowNames(page)).toHaveLength(5)
})

test('QR style: a low-contrast pair is refused, logo, caption and colours preview live and are saved', async ({
  app,
  page,
}) => {
  const h = app.core.handlers
  const poster = await h.createCode(code('朝阳门店海报'))
  await page.reload()
  await page.getByRole('button', { name: '朝阳门店海报 的二维码菜单' }).click()
  await page.getByRole('menuitem', { name: '二维码样式…' }).click()
  const dialog = page.getByRole('dialog')
  const preview = dialog.getByRole('img', { name: '朝阳门店海报 的二维码预览' })
  await expect(preview).toBeVisible()
  const firstSrc = await preview.getAttribute('src')

  await dialog.getByRole('textbox', { name: '码点颜色', exact: true }).fill('#c8c8c8')
  await expect(dialog.getByRole('alert')).toContainText('前景色和背景色太接近（对比度 1.7:1，至少要 4.5:1）')
  await expect(dialog.getByRole('button', { name: '保存样式' })).toBeDisabled()
  await app.shot('qrstyle-01-low-contrast')

  await dialog.getByRole('button', { name: '商务蓝' }).click()
  await expect(dialog.getByRole('alert')).toHaveCount(0)
  await dialog.getByRole('textbox', { name: '二维码下方文字' }).fill('扫码领取新人礼')
  const logo = pngLogo(160, 160)
  await dialog.getByLabel('选择 Logo 图片').setInputFiles({
    name: 'brand.png',
    mimeType: 'image/png',
    buffer: Buffer.from(logo.dataBase64, 'base64'),
  })
  await expect(dialog.getByRole('img', { name: 'Logo' })).toBeVisible()
  await expect.poll(async () => (await preview.getAttribute('src')) !== firstSrc).toBe(true)
  // Wait for the preview of the final style (logo included) before the screenshot.
  await expect(dialog.locator('.MuiCircularProgress-root')).toHaveCount(0)
  await app.shot('qrstyle-02-preview')

  await dialog.getByRole('button', { name: '保存样式' }).click()
  await expect(page.getByText('已保存「朝阳门店海报」的二维码样式，下载和打印都会使用它')).toBeVisible()
  expect(await h.getQrStyle({ id: poster.id })).toEqual({
    foreground: '#0b3d91',
    background: '#f3f7ff',
    caption: '扫码领取新人礼',
    logo: { fileName: 'brand.png', mimeType: 'image/png', dataBase64: logo.dataBase64 },
  })
})
