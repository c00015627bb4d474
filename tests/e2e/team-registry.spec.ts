// The shared registry's screens, in Chromium against the browser host with the real services: another
// manager's edit (pushed to the sandbox relay as their desktop would) meets this desktop's stale one,
// the conflict screen shows both versions side by side and merges field by field; the 设置 page's
// 我是谁 and 各电脑的密钥 cards issue and revoke a desktop's key.

import { expect, test, type Page } from './host-fixture'

const demo = (name: string, text: string) => ({
  name,
  memberUserids: ['zhangwei'],
  tagIds: [],
  welcome: { mode: 'own' as const, text, attachment: null },
  autoAccept: { mode: 'on' as const, windows: [] },
})

async function settled(page: Page) {
  await expect(page.locator('.MuiDialog-container').last()).toHaveCSS('opacity', '1')
}

test('a stale edit opens the conflict screen: both versions side by side, merged field by field', async ({
  app,
  page,
}) => {
  await app.core.handlers.setIdentity({ name: '张经理' })
  const code = await app.core.handlers.createCode(demo('国贸店易拉宝', '欢迎光临国贸店'))
  // Another manager's desktop (李主管) edits the name and welcome through the relay's registry.
  const world = app.simulator()
  const registry = `${world.relayUrl}/api/v1/registry`
  const headers = { authorization: `Bearer ${world.identity.relayKey}`, 'content-type': 'application/json' }
  const page1 = (await (await fetch(`${registry}?after=0`, { headers })).json()) as {
    entries: { codeKey: string; version: number; record: Record<string, unknown> }[]
  }
  const entry = page1.entries.find((e) => e.codeKey === code.state)!
  const theirs = {
    ...entry.record,
    name: '国贸店易拉宝（李主管改）',
    welcome: { mode: 'own', text: '国贸店本周满减，欢迎咨询', attachment: null },
    editedBy: '李主管',
    updatedAt: Date.now(),
  }
  const pushed = await fetch(`${registry}/${code.state}`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ codeKey: code.state, baseVersion: entry.version, record: theirs }),
  })
  expect(pushed.status).toBe(200)

  // This desktop saves its own edit from the old version: refused, kept for the conflict screen.
  await expect(
    app.core.handlers.updateCode({
      id: code.id,
      code: { ...demo('国贸店易拉宝', '欢迎光临'), tagIds: [], memberUserids: ['zhangwei', 'lina'] },
    }),
  ).rejects.toThrow(/李主管修改/)
  await page.reload()
  const banner = page.getByRole('alert').filter({ hasText: '与李主管的修改冲突' })
  await expect(banner).toBeVisible()
  await banner.getByRole('button', { name: '处理冲突' }).click()
  const dialog = page.getByRole('dialog', { name: /修改冲突/ })
  await expect(dialog).toContainText('我的版本（张经理）')
  await expect(dialog).toContainText('对方的版本（李主管）')
  await expect(dialog).toContainText('国贸店本周满减')
  await dialog.getByRole('radio', { name: '活码名称用对方的' }).check()
  await dialog.getByRole('radio', { name: '欢迎语用对方的' }).check()
  await settled(page)
  await app.shot('registry-01-conflict-screen')

  await dialog.getByRole('button', { name: '按所选合并' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(banner).toHaveCount(0)
  const merged = await app.core.handlers.getCode({ id: code.id })
  expect(merged).toMatchObject({
    name: '国贸店易拉宝（李主管改）',
    memberUserids: ['zhangwei', 'lina'],
    welcome: { text: '国贸店本周满减，欢迎咨询' },
  })
  expect(world.sandbox.control.contactWay(merged.configId)?.user).toEqual(['zhangwei', 'lina'])
})

test('设置: pick who I am, issue a desktop its relay key, see it listed, revoke it', async ({
  app,
  page,
}) => {
  await page.goto(`${app.host.openUrl}#/setup`)
  const identity = page.getByRole('region', { name: '我是谁' })
  await identity.getByLabel('我是').fill('李主管')
  await identity.getByRole('button', { name: '保存' }).click()
  await expect(page.getByText('已设为「李主管」')).toBeVisible()
  expect((await app.core.handlers.getIdentity({})).name).toBe('李主管')

  const keys = page.getByRole('region', { name: '各电脑的密钥' })
  await expect(keys).toContainText('企业管理员密钥')
  await keys.getByLabel('编号').fill('wang-jingli')
  await keys.getByLabel('使用人').fill('王经理的电脑')
  await keys.getByRole('button', { name: '发放密钥' }).click()
  await expect(keys).toContainText('它只显示这一次')
  await expect(keys.getByRole('row', { name: /wang-jingli/ })).toContainText('有效')
  await keys.getByLabel('编号').fill('zhao-dianzhang')
  await keys.getByLabel('使用人').fill('赵店长的电脑')
  await keys.getByRole('button', { name: '发放密钥' }).click()
  await expect(keys.getByRole('row', { name: /zhao-dianzhang/ })).toBeVisible()
  await keys.scrollIntoViewIfNeeded()
  await app.shot('registry-02-keys-issued')

  await keys
    .getByRole('row', { name: /zhao-dianzhang/ })
    .getByRole('button', { name: '吊销' })
    .click()
  const confirm = page.getByRole('dialog', { name: /吊销密钥/ })
  await confirm.getByRole('button', { name: '吊销' }).click()
  await expect(keys.getByRole('row', { name: /zhao-dianzhang/ })).toContainText('已吊销')
  await keys.scrollIntoViewIfNeeded()
  await app.shot('registry-03-keys-revoked')
  const listed = await app.core.handlers.listRelayKeys({})
  expect(listed.keys.map((k) => [k.keyId, k.revokedAt !== null])).toEqual([
    ['wang-jingli', false],
    ['zhao-dianzhang', true],
  ])
})
