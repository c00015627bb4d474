// Issue 17 in the code form: a manager adds a placeholder to the welcome (the preview fills it as the
// customer sees it), a 分时段欢迎语 with chosen weekdays and its own attachments (a mini-program
// without its cover refused on the window's card) and an auto remark, saves, reopens the code
// and finds them all again; the code the core returns carries them (so the relay gets them pushed).

import { PNG } from 'pngjs'
import { openNewCode, saveNewCode } from './code-form-steps'
import { expect, test } from './host-fixture'

const NAME = '春季展会'

const png = () => {
  const image = new PNG({ width: 40, height: 40 })
  image.data.fill(0x70)
  return PNG.sync.write(image)
}

test('rich welcome sections: fill, save, reopen', async ({ app, page }) => {
  await openNewCode(page, NAME, /张伟/)

  await page.getByRole('textbox', { name: /欢迎语1/ }).fill('你好')
  await page.getByRole('button', { name: '欢迎语1插入{客户昵称}' }).click()
  await page.getByRole('textbox', { name: /欢迎语1/ }).press('End')
  await page.getByRole('textbox', { name: /欢迎语1/ }).pressSequentially('，我是')
  await page.getByRole('button', { name: '欢迎语1插入{成员姓名}' }).click()
  await expect(page.getByTestId('welcome-filled-preview')).toHaveText('你好王小明，我是张伟')

  await page.getByRole('button', { name: '添加时段欢迎语' }).click()
  await page.getByRole('button', { name: '时段1周五' }).click()
  await page.getByRole('button', { name: '时段1周六' }).click()
  await page.getByRole('textbox', { name: '时段1开始' }).fill('18:00')
  await page.getByRole('textbox', { name: '时段1结束' }).fill('24:00')
  await page.getByRole('textbox', { name: '时段1欢迎语' }).fill('下班啦，来自')
  await page.getByRole('button', { name: '时段1插入{渠道名称}' }).click()
  await expect(page.getByTestId('welcome-window-0')).toContainText(`下班啦，来自${NAME}`)
  // The window's own attachments: an image and a mini-program, labelled for the window.
  const windowAttachments = page.getByTestId('welcome-window-0-attachments')
  await page
    .getByLabel('添加时段1图片附件')
    .setInputFiles({ name: '夜间海报.png', mimeType: 'image/png', buffer: png() })
  await page.getByRole('button', { name: '添加时段1小程序附件' }).click()
  await windowAttachments.getByRole('textbox', { name: '小程序消息标题' }).fill('明早预约')
  await windowAttachments.getByRole('textbox', { name: '小程序 AppID' }).fill('wx1234567890abcdef')
  await windowAttachments.getByRole('textbox', { name: '小程序页面路径' }).fill('pages/booking.html')
  await expect(windowAttachments.getByTestId('attachments-count')).toHaveText('已用 2/9')
  await page.getByRole('button', { name: '创建活码' }).click()
  await expect(windowAttachments.getByText('请上传小程序封面图片（JPG 或 PNG，不超过 2 MB）')).toBeVisible()
  expect((await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).total).toBe(0)
  await page
    .getByLabel('时段1附件2上传封面')
    .setInputFiles({ name: 'mp.png', mimeType: 'image/png', buffer: png() })
  await expect(windowAttachments.getByText('请上传小程序封面图片（JPG 或 PNG，不超过 2 MB）')).toHaveCount(0)

  // A window ending before it starts is refused before anything is sent.
  await page.getByRole('textbox', { name: '时段1结束' }).fill('08:00')
  await page.getByRole('button', { name: '创建活码' }).click()
  await expect(page.getByText(/结束时间须晚于开始时间/).first()).toBeVisible()
  await app.shot('72-rich-welcome-error')
  expect((await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).total).toBe(0)
  await page.getByRole('textbox', { name: '时段1结束' }).fill('24:00')

  await page.getByRole('textbox', { name: '备注模板' }).fill('{客户昵称}-{渠道名称}')
  await page.getByRole('textbox', { name: '描述模板' }).fill('扫码添加')
  await expect(page.getByTestId('remark-preview')).toContainText(`备注：王小明-${NAME}`)
  await page.getByTestId('welcome-window-0').scrollIntoViewIfNeeded()
  await app.shot('70-rich-welcome-form')

  const { row, code } = await saveNewCode(app, page, NAME)
  expect(code.welcome.text).toBe('你好{客户昵称}，我是{成员姓名}')
  expect(code.rich).toEqual({
    welcomeWindows: [
      {
        weekdays: [1, 2, 3, 4, 6],
        start: '18:00',
        end: '24:00',
        message: {
          text: `下班啦，来自{渠道名称}`,
          attachments: [
            {
              kind: 'image',
              fileName: '夜间海报.png',
              mimeType: 'image/png',
              dataBase64: png().toString('base64'),
            },
            expect.objectContaining({ kind: 'miniprogram', title: '明早预约', page: 'pages/booking.html' }),
          ],
        },
      },
    ],
    autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '扫码添加' },
  })

  await row.getByRole('button', { name: '编辑' }).click()
  await expect(page.getByRole('textbox', { name: '时段1欢迎语' })).toHaveValue('下班啦，来自{渠道名称}')
  await expect(page.getByRole('button', { name: '时段1周六' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('button', { name: '时段1周五' })).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByRole('textbox', { name: '时段1结束' })).toHaveValue('24:00')
  await expect(page.getByTestId('welcome-window-0-attachments').getByTestId('attachments-count')).toHaveText(
    '已用 2/9',
  )
  await expect(page.getByRole('textbox', { name: '备注模板' })).toHaveValue('{客户昵称}-{渠道名称}')
  await expect(page.getByTestId('remark-preview')).toContainText(`备注：王小明-${NAME}`)
  await page.getByTestId('remark-preview').scrollIntoViewIfNeeded()
  await app.shot('71-rich-welcome-reopened')
})
