// A sales manager's path through every screen, in Chromium against the browser host, on a fresh
// sandbox workspace with the real services, the simulator and an in-process relay behind it.

import { readFileSync } from 'node:fs'
import { PNG } from 'pngjs'
import { decodeQrImage } from '../../main/qr/decode'
import { expect, stat, syncNow, test, type Page } from './host-fixture'

const NAME = '朝阳门店海报'

function tinyPng(): Buffer {
  const png = new PNG({ width: 64, height: 64 })
  png.data.fill(0xcc)
  return PNG.sync.write(png)
}

async function openForm(page: Page) {
  await page.getByRole('button', { name: '新建活码' }).first().click()
  await expect(page.getByRole('textbox', { name: /渠道活码名称/ })).toBeVisible()
}

test('a manager creates, shares, tracks, edits and deletes a channel code', async ({ app, page }) => {
  // First launch opens on the sandbox workspace with an empty list that leads to the first code.
  await expect(page.getByText('沙盒').first()).toBeVisible()
  await expect(page.getByRole('button', { name: '新建活码' }).first()).toBeVisible()
  await app.shot('01-first-launch')

  // Bad input in the form shows the right messages and sends nothing.
  await openForm(page)
  await page.getByRole('button', { name: '创建活码' }).click()
  await expect(page.getByText('请输入渠道活码名称')).toBeVisible()
  await expect(page.getByText('请至少选择一名使用人员')).toBeVisible()
  await page.getByRole('textbox', { name: /渠道活码名称/ }).fill('一'.repeat(31))
  await expect(page.getByText('渠道活码名称不能超过 30 个字')).toBeVisible()
  await page.getByRole('radio', { name: '链接' }).check()
  await page.getByRole('textbox', { name: /链接地址/ }).fill('ftp://example.com')
  await page.getByRole('button', { name: '创建活码' }).click()
  await expect(page.getByText('链接地址须以 http:// 或 https:// 开头')).toBeVisible()
  await page.getByRole('radio', { name: '定时开启' }).check()
  await page.getByRole('button', { name: '创建活码' }).click()
  await expect(page.getByText('定时开启至少需要一个时段')).toBeVisible()
  await app.shot('02-form-errors')
  expect((await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).total).toBe(0)

  // A member without the customer-contact permission is shown but cannot be chosen.
  await page.getByRole('button', { name: /选择使用人员/ }).click()
  const dialog = page.getByRole('dialog', { name: '选择使用人员' })
  await expect(dialog.getByText('无客户联系权限').first()).toBeVisible()
  await app.shot('03-member-picker')
  await dialog.getByRole('button', { name: /张伟/ }).click()
  await dialog.getByRole('button', { name: /王芳/ }).click()
  await dialog.getByRole('button', { name: '确定' }).click()

  // Fill every field: name, tags, text + image welcome, a schedule.
  await page.getByRole('textbox', { name: /渠道活码名称/ }).fill(NAME)
  await page.getByRole('button', { name: '女', exact: true }).click()
  await page.getByRole('button', { name: '重要', exact: true }).click()
  await page.getByRole('textbox', { name: /欢迎语1/ }).fill('您好，欢迎光临朝阳门店！')
  await page.getByRole('radio', { name: '图片' }).check()
  await page
    .getByLabel('上传欢迎语图片')
    .setInputFiles({ name: 'welcome.png', mimeType: 'image/png', buffer: tinyPng() })
  await page.getByRole('button', { name: '每天全天' }).click()
  await app.shot('04-form-filled')
  await page.getByRole('button', { name: '创建活码' }).click()
  const row = page.getByRole('row', { name: new RegExp(NAME) })
  await expect(row).toBeVisible()
  await expect(row.getByText('性别: 女')).toBeVisible()
  await app.shot('05-list-with-code')

  // Find it by the filters.
  await page.getByRole('textbox', { name: '渠道名称' }).fill('朝阳')
  await page.getByRole('button', { name: '查询' }).click()
  await expect(page.getByText('共 1 条记录')).toBeVisible()
  await page.getByRole('textbox', { name: '渠道名称' }).fill('没有这个')
  await page.getByRole('button', { name: '查询' }).click()
  await expect(row).toHaveCount(0)
  await page.getByRole('button', { name: '重置' }).click()
  await expect(row).toBeVisible()

  // Copy its link; download its QR, which decodes to the code's URL.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await row.getByRole('button', { name: '复制' }).click()
  await expect(page.getByText('已复制').first()).toBeVisible()
  const code = (await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).items[0]!
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code.qrUrl)
  const downloadPromise = page.waitForEvent('download')
  await row.getByRole('button', { name: '下载' }).click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toBe(`${NAME}.png`)
  const qrText = decodeQrImage(readFileSync((await download.path())!))
  expect(qrText).toMatch(/^https:\/\/work\.weixin\.qq\.com\/ca\//)

  // Three simulated customers scan it; the relay welcomes and tags them; a sync moves the counts.
  for (let i = 0; i < 3; i++) {
    await row.getByRole('button', { name: '模拟扫码' }).click()
    await expect(page.getByText(/模拟客户「.+」扫码添加了员工/).last()).toBeVisible()
  }
  const wecom = app.simulator().sandbox.control
  const welcomed = () => wecom.sentWelcomes.filter((w) => w.text === '您好，欢迎光临朝阳门店！')
  await expect.poll(() => welcomed().length).toBe(3)
  // Each welcome carries the uploaded image, and each customer got both preset tags.
  expect(welcomed().every((w) => JSON.stringify(w.attachments).includes('media_id'))).toBe(true)
  const tagged = new Set(wecom.markedTags.filter((t) => t.addTag.length === 2).map((t) => t.externalUserid))
  expect([...tagged].sort()).toEqual(
    welcomed()
      .map((w) => w.externalUserid)
      .sort(),
  )
  await expect(page.getByRole('alert').last()).toHaveCSS('opacity', '1')
  await app.shot('06-simulated-scan')
  await syncNow(page)
  await row.getByRole('button', { name: '统计' }).click()
  await expect.poll(() => stat(page, '积累引流数')).toBe(3)
  expect(await stat(page, '当前客户数')).toBe(3)
  expect(await stat(page, '流失客户数')).toBe(0)
  await app.shot('07-stats-three-adds')

  // A customer deletes the member: 2 current, 1 lost, 3 cumulative; the list shows the lost status.
  const customers = page.getByRole('table', { name: '客户列表' })
  await customers.getByRole('button', { name: '模拟删除' }).first().click()
  await page.getByRole('menuitem', { name: '模拟客户删除员工' }).click()
  await page.getByRole('button', { name: '关闭' }).first().click()
  await syncNow(page)
  await row.getByRole('button', { name: '统计' }).click()
  await expect.poll(() => stat(page, '流失客户数')).toBe(1)
  expect(await stat(page, '当前客户数')).toBe(2)
  expect(await stat(page, '积累引流数')).toBe(3)
  await page.getByRole('button', { name: '流失客户', exact: true }).click()
  await expect(customers.getByText('流失客户')).toHaveCount(1)
  await app.shot('08-stats-lost-filter')
  await page.getByRole('tab', { name: '数据趋势' }).click()
  await app.shot('09-stats-trend')
  await page.getByRole('tab', { name: '渠道设置' }).click()
  await expect(page.getByText('您好，欢迎光临朝阳门店！')).toBeVisible()
  await app.shot('10-stats-settings')
  await page.getByRole('button', { name: '关闭' }).first().click()

  // Edit the code's name.
  await row.getByRole('button', { name: '编辑' }).click()
  const nameBox = page.getByRole('textbox', { name: /渠道活码名称/ })
  await expect(nameBox).toHaveValue(NAME)
  await nameBox.fill(`${NAME}-春季`)
  await app.shot('11-edit')
  await page.getByRole('button', { name: /保存/ }).click()
  const edited = page.getByRole('row', { name: new RegExp(`${NAME}-春季`) })
  await expect(edited).toBeVisible()

  // Delete it, after a confirmation that says what happens.
  await edited.getByRole('button', { name: '删除' }).click()
  const confirm = page.getByRole('dialog')
  await expect(confirm).toContainText('企业微信')
  await expect(page.locator('.MuiDialog-container').last()).toHaveCSS('opacity', '1')
  await app.shot('12-delete-confirm')
  await confirm.getByRole('button', { name: '删除' }).click()
  await expect(edited).toHaveCount(0)
  expect((await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).total).toBe(0)
  // History stays queryable after the delete.
  expect((await app.core.handlers.getCodeStats({ id: code.id })).cumulative).toBe(3)
})

test('the setup screen shows what to paste into the WeCom console and checks the connection', async ({
  app,
  page,
}) => {
  await page.getByRole('button', { name: '设置' }).first().click()
  await expect(page.getByText('EncodingAESKey').first()).toBeVisible()
  const ws = await app.core.handlers.getWorkspace({})
  await expect(page.getByText(ws.callbackUrl).first()).toBeVisible()
  await app.shot('20-setup')
  await page.getByRole('button', { name: /检查/ }).first().click()
  await expect(page.getByText('凭证有效').first()).toBeVisible()
  await app.shot('21-setup-checked')

  // Switching a member off in this app keeps them off new codes, with the reason shown.
  const toggle = page.getByLabel('在本应用启用 张伟')
  await toggle.scrollIntoViewIfNeeded()
  await toggle.click()
  await expect(toggle).not.toBeChecked()
  await expect(page.getByText('已在本应用停用 张伟').first()).toBeVisible()
  await app.shot('22-setup-members')
  expect(
    (await app.core.handlers.listMembers({})).members.find((m) => m.userid === 'zhangwei')?.enabled,
  ).toBe(false)
  await page.getByRole('button', { name: '企业微信活码' }).first().click()
  await page.getByRole('button', { name: '新建活码' }).first().click()
  await page.getByRole('button', { name: /选择使用人员/ }).click()
  const dialog = page.getByRole('dialog', { name: '选择使用人员' })
  await expect(dialog.getByRole('button', { name: /张伟/ })).toContainText('已在本应用停用')
})
