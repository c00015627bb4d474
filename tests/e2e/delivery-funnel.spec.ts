// 送达漏斗 as a manager reads it: customers scan a code with tags (the real flow: simulator, relay,
// sync), one member has an admin-set welcome (何勇 in the sandbox), another app sends the other
// member's welcomes first (41051), the code writes an auto remark (20 s after each add, as the relay
// keeps WeCom's calls for welcomes first), and the funnel tab shows the four stages, the reason for
// each welcome that did not go out, and the figures per member.

import { expect, syncNow, test } from './host-fixture'

const CODE = '漏斗展示码'

test('the funnel tab: stages, reasons and members', async ({ app, page }) => {
  const h = app.core.handlers
  const tag = (await h.listTagGroups({})).flatMap((g) => g.tags)[0]!
  const code = await h.createCode({
    name: CODE,
    memberUserids: ['zhangwei', 'heyong'],
    tagIds: [tag.id],
    welcome: { mode: 'own', text: '欢迎！', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
    rich: { autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '' } },
  })
  app.simulator().sandbox.control.setMemberOtherAppWelcome('zhangwei', true)
  for (const name of ['漏斗客户一', '漏斗客户二', '漏斗客户三', '漏斗客户四'])
    await h.simulateScan({ id: code.id, customerName: name })
  await expect
    .poll(async () => {
      await h.runSync({})
      return (await h.getCodeFunnel({ id: code.id })).totals.tagsApplied
    })
    .toBe(4)
  // The remarks wait out the welcomes' 20 s on the relay's own clock.
  await expect
    .poll(
      async () => {
        await h.runSync({})
        return (await h.getCodeFunnel({ id: code.id })).totals.remarkSet
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(4)

  await page.reload()
  await syncNow(page)
  await page
    .getByRole('row', { name: new RegExp(CODE) })
    .getByRole('button', { name: '统计' })
    .click()
  await page.getByRole('tab', { name: '送达漏斗' }).click()
  const reasons = page.getByRole('table', { name: '未送达原因' })
  await expect(reasons).toContainText('成员在管理后台设置了欢迎语')
  await expect(reasons).toContainText('其他应用已先发送了欢迎语（41051）')
  await expect(page.getByRole('table', { name: '按员工送达' }).locator('tbody tr')).toHaveCount(2)
  await expect(page.getByLabel('送达漏斗')).toContainText('添加客户')
  await expect(page.getByLabel('送达漏斗')).toContainText('已写备注')
  await app.shot('60-funnel-1440')
})
