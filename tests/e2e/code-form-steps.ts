// Steps of the code form that several screens' tests share: open a new code with its name and one
// member, and save it, reading back the code the core stored.

import { expect, type AppFixture, type Page } from './host-fixture'

/** Opens 新建活码, names the code and picks one member. */
export async function openNewCode(page: Page, name: string, member: RegExp) {
  await page.getByRole('button', { name: '新建活码' }).first().click()
  await expect(page.getByRole('textbox', { name: /渠道活码名称/ })).toBeVisible()
  await page.getByRole('textbox', { name: /渠道活码名称/ }).fill(name)
  await page.getByRole('button', { name: /选择使用人员/ }).click()
  const dialog = page.getByRole('dialog', { name: '选择使用人员' })
  await dialog.getByRole('button', { name: member }).click()
  await dialog.getByRole('button', { name: '确定' }).click()
}

/** Saves the new code, waits for its row, and returns the row and the code as the core holds it. */
export async function saveNewCode(app: AppFixture, page: Page, name: string) {
  await page.getByRole('button', { name: '创建活码' }).click()
  const row = page.getByRole('row', { name: new RegExp(name) })
  await expect(row).toBeVisible()
  const [made] = (await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).items
  return { row, code: await app.core.handlers.getCode({ id: made!.id }) }
}
