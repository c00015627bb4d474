// Smart routing as the manager sees it, in Chromium against the real services (sandbox workspace:
// simulator and relay in-process): the code form's 分配规则, 设置 › 成员排班, and after a member
// reaches her cap the drawer's 路由记录 tab and a 路由告警 on a code nobody can take.

import { expect, test } from './host-fixture'

const code = (name: string, members: string[]) => ({
  name,
  memberUserids: members,
  tagIds: [],
  welcome: { mode: 'none' as const, text: '', attachment: null },
  autoAccept: { mode: 'on' as const, windows: [] },
})

test('分配规则, 成员排班 and 路由记录', async ({ app, page }) => {
  const h = app.core.handlers
  const wecom = app.simulator().sandbox
  const shop = await h.createCode(code('朝阳门店前台', ['zhangwei', 'lina']))
  const solo = await h.createCode(code('李娜专属码', ['lina']))
  await h.saveCodeRouting({
    id: solo.id,
    routing: { members: [{ userid: 'lina', weight: 1 }], backups: [], codeDailyCap: null },
  })
  await page.reload()

  // The form's 分配规则: weights per member, a backup, a per-code cap.
  const row = page.getByRole('row', { name: /朝阳门店前台/ })
  await row.getByRole('button', { name: '编辑' }).click()
  await page.getByRole('switch', { name: '启用智能分配' }).check()
  const section = page.getByTestId('routing-section')
  await section.getByRole('combobox', { name: '李娜 的权重' }).click()
  await page.getByRole('option', { name: '权重 3' }).click()
  await section.getByPlaceholder('选择备用成员（可不选）').click()
  await page.getByRole('option', { name: '王芳' }).click()
  await section.getByText('成员权重').click()
  await section.getByRole('textbox', { name: '本码每人每日上限' }).fill('50')
  await section.scrollIntoViewIfNeeded()
  await expect(section.getByText('约 75%')).toBeVisible()
  await app.shot('routing-01-form-section')
  await page.getByRole('button', { name: /保存修改/ }).click()
  await expect(page.getByRole('switch', { name: '启用智能分配' })).toHaveCount(0)
  expect((await h.getCodeRouting({ id: shop.id })).routing).toEqual({
    members: [
      { userid: 'zhangwei', weight: 1 },
      { userid: 'lina', weight: 3 },
    ],
    backups: ['wangfang'],
    codeDailyCap: 50,
  })

  // 设置 › 成员排班: 李娜 takes at most 2 customers a day over all codes, off on a holiday.
  await page.getByRole('button', { name: '设置' }).first().click()
  const schedules = page.getByTestId('member-schedules')
  await schedules.scrollIntoViewIfNeeded()
  await schedules.getByRole('textbox', { name: '李娜 的每日上限' }).fill('2')
  await schedules.getByRole('row', { name: /李娜/ }).getByRole('button', { name: '编辑排班' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: '添加例外日期' }).click()
  await dialog.getByRole('textbox', { name: '例外日期' }).fill('2026-10-01')
  await dialog.getByPlaceholder('备注（如 国庆）').fill('国庆')
  await app.shot('routing-02-member-schedule-dialog')
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(schedules.getByText('2026-10-01 休息')).toBeVisible()
  await schedules.getByRole('button', { name: '保存成员排班' }).click()
  await expect(page.getByText('成员排班已保存，中转服务已生效')).toBeVisible()
  await schedules.scrollIntoViewIfNeeded()
  await app.shot('routing-03-member-schedules')

  // 李娜 reaches her cap: she leaves the shop's list (zhangwei stays), the solo code keeps her, flagged.
  for (let i = 0; i < 2; i++) await wecom.control.scan({ state: solo.state }, { userid: 'lina' })
  await expect
    .poll(async () => wecom.control.contactWay(shop.configId)?.user, { timeout: 10_000 })
    .toEqual(['zhangwei'])
  await expect
    .poll(
      async () => (await h.getRoutingReport({})).codes.find((c) => c.state === solo.state)?.alert ?? null,
      {
        timeout: 10_000,
      },
    )
    .toContain('暂时保留')
  await page.getByRole('button', { name: '企业微信活码' }).first().click()
  await page.reload()
  await expect(page.getByTestId('routing-alert')).toHaveCount(1)
  await app.shot('routing-04-list-alert')

  await page
    .getByRole('row', { name: /朝阳门店前台/ })
    .getByRole('button', { name: '统计' })
    .click()
  await page.getByRole('tab', { name: '路由记录' }).click()
  const log = page.getByTestId('routing-log')
  await expect(log.getByText('成员今日已满')).toBeVisible()
  await expect(log.getByText(/李娜 移出（今日已达上限）/)).toBeVisible()
  // The tab's underline has finished sliding to 路由记录 before the picture is taken.
  const tab = await page.getByRole('tab', { name: '路由记录' }).boundingBox()
  await expect
    .poll(async () =>
      Math.abs(((await page.locator('.MuiTabs-indicator').boundingBox())?.x ?? 0) - (tab?.x ?? 0)),
    )
    .toBeLessThan(2)
  await app.shot('routing-05-stats-routing-tab')
})
