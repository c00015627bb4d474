// Deletes a manager can take back, and a sandbox reset that really resets, in Chromium against the
// browser host with the real services: the delete dialog opens on 取消 (Enter cancels), a delete shows
// 撤销 for its window and 撤销 brings the code back still in WeCom, and 重置沙盒 asks first, then
// leaves an empty list.

import { expect, test, type Page } from './host-fixture'

const demo = (name: string) => ({
  name,
  memberUserids: ['zhangwei'],
  tagIds: [],
  welcome: { mode: 'none' as const, text: '', attachment: null },
  autoAccept: { mode: 'on' as const, windows: [] },
})

/** Waits until the dialog's opening transition has finished, so a screenshot shows it whole. */
async function settled(page: Page) {
  await expect(page.locator('.MuiDialog-container').last()).toHaveCSS('opacity', '1')
}

test('a delete asks on 取消, can be taken back with 撤销, and leaves WeCom alone until then', async ({
  app,
  page,
}) => {
  const NAME = '国贸店易拉宝'
  const code = await app.core.handlers.createCode(demo(NAME))
  await page.reload()
  const row = page.getByRole('row', { name: new RegExp(NAME) })
  await expect(row).toBeVisible()

  // The dialog opens with 取消 focused: Enter closes it and deletes nothing.
  await row.getByRole('button', { name: '删除' }).click()
  const dialog = page.getByRole('dialog', { name: '删除活码' })
  await expect(dialog).toContainText('撤销')
  await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused()
  await settled(page)
  await app.shot('safe-01-delete-dialog')
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(row).toBeVisible()
  expect((await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).total).toBe(1)

  // Deleted: gone from the list at once, with 撤销 on the notice; WeCom still has the way meanwhile.
  await row.getByRole('button', { name: '删除' }).click()
  await dialog.getByRole('button', { name: '删除' }).click()
  await expect(row).toHaveCount(0)
  const notice = page.getByRole('alert').filter({ hasText: `已删除「${NAME}」` })
  await expect(notice).toBeVisible()
  await app.shot('safe-02-undo-notice')
  expect(app.simulator().sandbox.control.contactWay(code.configId)).toBeDefined()

  await notice.getByRole('button', { name: '撤销' }).click()
  await expect(page.getByRole('alert').filter({ hasText: `已恢复「${NAME}」` })).toBeVisible()
  await expect(row).toBeVisible()
  expect((await app.core.handlers.getCode({ id: code.id })).name).toBe(NAME)
  expect(app.simulator().sandbox.control.contactWay(code.configId)).toBeDefined()
  await app.shot('safe-03-restored')
})

test('重置沙盒 asks first, then empties the sandbox', async ({ app, page }) => {
  await app.core.handlers.createCode(demo('演示码一'))
  await app.core.handlers.createCode(demo('演示码二'))
  await page.getByRole('button', { name: '设置' }).first().click()
  await page.getByRole('button', { name: '重置沙盒' }).click()
  const dialog = page.getByRole('dialog', { name: '重置沙盒？' })
  await expect(dialog).toContainText('无法撤销')
  await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused()
  await settled(page)
  await app.shot('safe-04-reset-confirm')

  await dialog.getByRole('button', { name: '重置沙盒' }).click()
  await expect(page.getByRole('alert').filter({ hasText: '沙盒已重置' })).toBeVisible()
  await expect(dialog).toHaveCount(0)
  await page.getByRole('button', { name: '企业微信活码' }).first().click()
  await expect(page.getByRole('button', { name: '新建活码' }).first()).toBeVisible()
  await expect(page.getByRole('row', { name: /演示码/ })).toHaveCount(0)
  expect((await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).total).toBe(0)
  await app.shot('safe-05-after-reset')
})
