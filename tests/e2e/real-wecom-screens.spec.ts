// What real WeCom does, as the manager sees it in the app (sandbox workspace, the simulator as strict
// as WeCom): a 在职继承 shown as a move (由 … 转接) with the counts unchanged, a member who left marked
// 已离职, a half-add shown as 待成员确认 until the member confirms, a single-member WeCom way that asks
// before its QR is replaced and keeps the old one in 渠道设置, and 检查连接's relay clock line.

import { callSandbox } from '../integration/sandbox-calls'
import { expect, stat, syncNow, test } from './host-fixture'

test('handovers, leavers and half-adds in the customer list', async ({ app, page }) => {
  const code = await app.core.handlers.createCode({
    name: '门店交接码',
    memberUserids: ['zhangwei', 'wangfang', 'lina'],
    tagIds: [],
    welcome: { mode: 'own', text: '欢迎光临', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
  })
  const wecom = app.simulator().sandbox
  wecom.control.setMemberHalfAdd('lina', true)
  const a = await wecom.control.scan({ state: code.state }, { customerName: '交接客户', userid: 'zhangwei' })
  await wecom.control.scan({ state: code.state }, { customerName: '离职员工的客户', userid: 'wangfang' })
  await wecom.control.scan({ state: code.state }, { customerName: '免验证客户', userid: 'lina' })
  // 在职继承 from 张伟 to 李娜, which the demo completes in seconds; 王芳 leaves with no transfer.
  const answer = await callSandbox(wecom, 'externalcontact/transfer_customer', {
    body: { handover_userid: 'zhangwei', takeover_userid: 'lina', external_userid: [a.externalUserid] },
  })
  expect(answer.errcode).toBe(0)
  await expect.poll(() => wecom.control.transfers.map((t) => t.status), { timeout: 20_000 }).toEqual(['done'])
  wecom.control.memberLeaves('wangfang')

  await page.reload()
  await syncNow(page)
  const row = page.getByRole('row', { name: /门店交接码/ })
  await row.getByRole('button', { name: '统计' }).click()
  await expect.poll(() => stat(page, '积累引流数')).toBe(3)
  expect(await stat(page, '当前客户数')).toBe(3)
  expect(await stat(page, '流失客户数')).toBe(0)
  const customers = page.getByRole('table', { name: '客户列表' })
  await expect(customers.getByText('由 张伟 转接')).toBeVisible()
  await expect(customers.getByText('已离职')).toBeVisible()
  await expect(customers.getByText('待成员确认')).toBeVisible()
  await app.shot('40-handover-leaver-half-add')
})

test('a single-member WeCom way asks before its QR is replaced, and keeps the old one', async ({
  app,
  page,
}) => {
  const wecom = app.simulator().sandbox
  const made = await callSandbox(wecom, 'externalcontact/add_contact_way', {
    body: {
      type: 1,
      scene: 2,
      remark: '后台单人码',
      skip_verify: true,
      state: 'console1',
      user: ['zhangwei'],
    },
  })
  expect(made.errcode).toBe(0)
  await page.reload()
  await syncNow(page)
  const row = page.getByRole('row', { name: /后台单人码/ })
  await row.getByRole('button', { name: '编辑' }).click()
  await page.getByRole('button', { name: /修改使用人员/ }).click()
  const picker = page.getByRole('dialog', { name: '选择使用人员' })
  await picker.getByRole('button', { name: /王芳/ }).click()
  await picker.getByRole('button', { name: '确定' }).click()
  await page.getByRole('button', { name: '保存修改' }).click()
  const question = page.getByRole('dialog', { name: '需要更换二维码' })
  await expect(question.getByText('已印出的旧二维码将不能再添加员工')).toBeVisible()
  // MUI fades the dialog in: shoot it once it is fully there.
  await expect(page.locator('.MuiDialog-container').last()).toHaveCSS('opacity', '1')
  await app.shot('41-replace-qr-question')
  await question.getByRole('button', { name: '换新二维码并保存' }).click()
  await expect(question).toBeHidden()

  await row.getByRole('button', { name: '统计' }).click()
  await page.getByRole('tab', { name: '渠道设置' }).click()
  const history = page.getByTestId('qr-history')
  await expect(history).toContainText(String(made.qr_code))
  await app.shot('42-qr-history')
  // The code's QR is the new way's now.
  const code = (await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).items.find(
    (c) => c.name === '后台单人码',
  )!
  expect(code.configId).not.toBe(made.config_id)
})

test('检查连接 reports the relay server’s clock', async ({ page, app }) => {
  // One callback first, so the relay has WeCom's own timestamp to compare with.
  const wecom = app.simulator().sandbox
  await wecom.control.sendMessage({
    FromUserName: 'zhangwei',
    CreateTime: 1,
    MsgType: 'text',
    Content: '你好',
  })
  await page.getByRole('button', { name: '设置', exact: true }).click()
  await page.getByRole('button', { name: '检查连接' }).click()
  await expect(page.getByText('中转服务器时钟')).toBeVisible()
  await expect(page.getByText(/与企业微信的时间一致/)).toBeVisible()
  await page.getByText('中转服务器时钟').scrollIntoViewIfNeeded()
  await app.shot('43-check-relay-clock')
})
