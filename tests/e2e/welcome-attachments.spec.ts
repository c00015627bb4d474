// Issue 17's 附件 in the code form: a manager adds an image, a link whose cover is uploaded from disk,
// a mini-program and a file after the welcome; a wrong file type and a mini-program without its cover
// are refused with a message naming them, as is a video that is not MP4; reordering works; the preview shows them after the text; the code saved carries the attachments
// in order, and reopening it shows them again with the count against WeCom's nine.

import { PNG } from 'pngjs'
import { openNewCode, saveNewCode } from './code-form-steps'
import { expect, test } from './host-fixture'

const NAME = '门店附件测试'

function png(shade: number): Buffer {
  const image = new PNG({ width: 48, height: 48 })
  image.data.fill(shade)
  return PNG.sync.write(image)
}

test('welcome attachments: add each kind, refuse the broken, reorder, save, reopen', async ({
  app,
  page,
}) => {
  await openNewCode(page, NAME, /张伟/)
  await page.getByRole('textbox', { name: /欢迎语1/ }).fill('欢迎光临，资料见下方')
  await expect(page.getByTestId('attachments-empty')).toBeVisible()

  // A GIF is not an image WeCom takes as an attachment: refused at once, nothing added.
  await page
    .getByLabel('添加图片附件')
    .setInputFiles({ name: 'anim.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a-not-really') })
  await expect(page.getByText('图片只支持 JPG 或 PNG 格式（「anim.gif」不是）')).toBeVisible()
  await expect(page.getByTestId('attachments-empty')).toBeVisible()

  await page
    .getByLabel('添加图片附件')
    .setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: png(0x40) })
  await expect(page.getByRole('img', { name: 'poster.png', exact: true })).toBeVisible()

  await page.getByRole('button', { name: '添加链接附件' }).click()
  await page.getByRole('textbox', { name: '链接标题' }).fill('春季新品目录')
  await page.getByRole('textbox', { name: '链接地址' }).fill('https://example.com/catalog')
  await page
    .getByLabel('附件2上传封面')
    .setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: png(0x90) })

  await page.getByRole('button', { name: '添加小程序附件' }).click()
  await page.getByRole('textbox', { name: '小程序消息标题' }).fill('预约到店')
  await page.getByRole('textbox', { name: '小程序 AppID' }).fill('wx1234567890abcdef')
  await page.getByRole('textbox', { name: '小程序页面路径' }).fill('pages/booking.html')

  await page.getByLabel('添加文件附件').setInputFiles({
    name: '价目表.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 price list'),
  })
  await expect(page.getByTestId('attachments-count')).toHaveText('已用 4/9')

  // The mini-program has no cover yet: saving is refused with the field's message, nothing is made.
  await page.getByRole('button', { name: '创建活码' }).click()
  await expect(page.getByText('请上传小程序封面图片（JPG 或 PNG，不超过 2 MB）')).toBeVisible()
  await app.shot('73-attachments-refused')
  expect((await app.core.handlers.listCodes({ page: 1, pageSize: 10 })).total).toBe(0)
  await page
    .getByLabel('附件3上传封面')
    .setInputFiles({ name: 'mp.jpg', mimeType: 'image/jpeg', buffer: png(0xd0) })

  // The file goes before the mini-program.
  await page.getByRole('button', { name: '附件4上移' }).click()
  await page.getByTestId('attachments-count').scrollIntoViewIfNeeded()
  await app.shot('74-attachments-editor')

  // The preview shows them after the text in the order they go out.
  const preview = page.getByTestId('attachments-preview')
  await expect(preview.getByRole('img', { name: '预览：poster.png' })).toBeVisible()
  await expect(preview).toContainText(/春季新品目录.*价目表\.pdf.*预约到店/)
  await preview.scrollIntoViewIfNeeded()
  await app.shot('76-attachments-preview')

  const { row, code } = await saveNewCode(app, page, NAME)
  const list = code.rich?.welcomeAttachments ?? []
  expect(list.map((a) => a.kind)).toEqual(['image', 'link', 'file', 'miniprogram'])
  expect(list[1]).toMatchObject({
    kind: 'link',
    title: '春季新品目录',
    url: 'https://example.com/catalog',
    cover: { fileName: 'cover.png', mimeType: 'image/png', dataBase64: png(0x90).toString('base64') },
  })
  expect(list[2]).toMatchObject({ kind: 'file', fileName: '价目表.pdf', mimeType: 'application/pdf' })
  expect(list[3]).toMatchObject({
    kind: 'miniprogram',
    appid: 'wx1234567890abcdef',
    page: 'pages/booking.html',
  })

  await row.getByRole('button', { name: '编辑' }).click()
  await expect(page.getByTestId('attachments-count')).toHaveText('已用 4/9')
  await expect(page.getByRole('img', { name: 'poster.png', exact: true })).toBeVisible()
  await expect(page.getByRole('textbox', { name: '小程序页面路径' })).toHaveValue('pages/booking.html')
  await app.shot('75-attachments-reopened')
})

test('welcome attachments: a video, a wrong video refused, and WeCom’s nine reached', async ({
  app,
  page,
}) => {
  await openNewCode(page, '视频附件测试', /张伟/)
  await page.getByRole('textbox', { name: /欢迎语1/ }).fill('欢迎光临，看看我们的门店视频')

  // A .mov is not a video WeCom takes: refused with its name, nothing added.
  await page.getByLabel('添加视频附件').setInputFiles({
    name: '门店.mov',
    mimeType: 'video/quicktime',
    buffer: Buffer.from('not an mp4 at all'),
  })
  await expect(page.getByText('视频只支持 MP4 格式（「门店.mov」不是）')).toBeVisible()
  await expect(page.getByTestId('attachments-empty')).toBeVisible()

  const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(64, 7)])
  await page
    .getByLabel('添加视频附件')
    .setInputFiles({ name: '门店介绍.mp4', mimeType: 'video/mp4', buffer: mp4 })
  await expect(page.getByTestId('attachments-count')).toHaveText('已用 1/9')

  // Eight links more: the ninth attachment fills WeCom's limit and every add button turns off.
  for (let i = 2; i <= 9; i++) {
    await page.getByRole('button', { name: '添加链接附件' }).click()
    await page.getByRole('textbox', { name: '链接标题' }).last().fill(`门店${i}`)
    await page.getByRole('textbox', { name: '链接地址' }).last().fill(`https://example.com/shop/${i}`)
  }
  await expect(page.getByTestId('attachments-count')).toHaveText('已用 9/9，已达企业微信的上限')
  for (const name of ['添加链接附件', '添加小程序附件'])
    await expect(page.getByRole('button', { name })).toBeDisabled()
  for (const label of ['添加图片附件', '添加视频附件', '添加文件附件'])
    await expect(page.getByLabel(label)).toBeDisabled()
  await page.getByTestId('attachments-count').scrollIntoViewIfNeeded()
  await app.shot('77-attachments-nine')

  const { code } = await saveNewCode(app, page, '视频附件测试')
  const list = code.rich?.welcomeAttachments ?? []
  expect(list.map((a) => a.kind)).toEqual(['video', ...Array(8).fill('link')])
  expect(list[0]).toMatchObject({ kind: 'video', fileName: '门店介绍.mp4', mimeType: 'video/mp4' })
})
