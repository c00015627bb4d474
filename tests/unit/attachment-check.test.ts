// The code form's attachment checks (common/attachment-check.ts): a picked file refused by kind and
// size with a message naming it, each attachment kind checked field by field against WeCom's limits,
// and the list against the 9 of send_welcome_msg (counting 欢迎语2) and the weight of one push; a
// welcome window's own list checked in the form the same way, every list weighed together.

import { describe, expect, it } from 'vitest'
import {
  attachmentListProblem,
  attachmentProblems,
  fileProblem,
  mimeTypeOf,
} from '../../common/attachment-check'
import type { RichAttachment } from '../../common/welcome-schemas'
import { emptyCodeForm, validateCodeForm } from '../../renderer/lib/code-form'

const MB = 1024 * 1024
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64')
const cover = { fileName: 'c.png', mimeType: 'image/png' as const, dataBase64: PNG }
const link: RichAttachment = {
  kind: 'link',
  title: '春季新品',
  url: 'https://example.com/spring',
  desc: '',
  picUrl: '',
  cover,
}
const mini: RichAttachment = {
  kind: 'miniprogram',
  title: '领券',
  appid: 'wx1234567890abcdef',
  page: 'pages/index.html',
  cover,
}
const image: RichAttachment = { kind: 'image', fileName: 'a.png', mimeType: 'image/png', dataBase64: PNG }

describe('a picked file', () => {
  it('takes a JPG/PNG up to 2 MB as an image or cover, refuses other types and sizes by name', () => {
    expect(fileProblem('image', { name: 'a.png', type: 'image/png', size: 1000 })).toBeNull()
    expect(fileProblem('cover', { name: 'a.JPG', type: '', size: 2 * MB })).toBeNull()
    expect(fileProblem('cover', { name: 'a.gif', type: 'image/gif', size: 1000 })).toBe(
      '封面图片只支持 JPG 或 PNG 格式（「a.gif」不是）',
    )
    expect(fileProblem('image', { name: 'big.png', type: 'image/png', size: 2.5 * MB })).toBe(
      '图片不能超过 2 MB（「big.png」有 2.5 MB）',
    )
    expect(fileProblem('image', { name: 'e.png', type: 'image/png', size: 0 })).toBe('图片文件是空的')
  })

  it('takes an MP4 up to 10 MB as a video and any file up to 20 MB', () => {
    expect(fileProblem('video', { name: 'v.mp4', type: 'video/mp4', size: 9 * MB })).toBeNull()
    expect(fileProblem('video', { name: 'v.mov', type: 'video/quicktime', size: MB })).toBe(
      '视频只支持 MP4 格式（「v.mov」不是）',
    )
    expect(fileProblem('video', { name: 'v.mp4', type: 'video/mp4', size: 11 * MB })).toContain(
      '视频不能超过 10 MB',
    )
    expect(fileProblem('file', { name: '价目表.pdf', type: 'application/pdf', size: 19 * MB })).toBeNull()
    expect(fileProblem('file', { name: '价目表.pdf', type: 'application/pdf', size: 21 * MB })).toBe(
      '文件不能超过 20 MB（「价目表.pdf」有 21 MB）',
    )
  })

  it('gets the MIME type the relay uploads it with', () => {
    expect(mimeTypeOf('cover', { name: 'x.PNG', type: '' })).toBe('image/png')
    expect(mimeTypeOf('image', { name: 'x.jpg', type: 'image/jpeg' })).toBe('image/jpeg')
    expect(mimeTypeOf('video', { name: 'x.mp4', type: '' })).toBe('video/mp4')
    expect(mimeTypeOf('file', { name: 'x', type: '' })).toBe('application/octet-stream')
  })
})

describe('one attachment', () => {
  it('passes a valid link with an uploaded cover, a mini-program and an image', () => {
    expect(attachmentProblems(link)).toEqual({})
    expect(attachmentProblems(mini)).toEqual({})
    expect(attachmentProblems(image)).toEqual({})
  })

  it('names the link field that breaks a WeCom limit', () => {
    expect(attachmentProblems({ ...link, title: '' })).toEqual({ title: '请输入链接标题' })
    expect(attachmentProblems({ ...link, title: '长'.repeat(43) }).title).toContain('链接标题过长')
    expect(attachmentProblems({ ...link, desc: '长'.repeat(171) }).desc).toContain('链接描述过长')
    expect(Object.keys(attachmentProblems({ ...link, url: 'ftp://x' }))).toEqual(['url'])
  })

  it('names the mini-program field: title ≤ 64 bytes, appid, page, a cover to upload', () => {
    expect(attachmentProblems({ ...mini, title: '长'.repeat(22) }).title).toContain('最多 64 字节')
    expect(attachmentProblems({ ...mini, appid: 'abc' }).appid).toContain('wx 开头的 18 位')
    expect(attachmentProblems({ ...mini, page: 'pages/index' }).page).toContain('.html')
    const blank = { ...mini, cover: { fileName: '', mimeType: 'image/png' as const, dataBase64: '' } }
    expect(attachmentProblems(blank).cover).toBe('请上传小程序封面图片（JPG 或 PNG，不超过 2 MB）')
  })

  it('refuses a video that is not an MP4', () => {
    const video = { kind: 'video', fileName: 'v.mov', mimeType: 'video/quicktime', dataBase64: PNG }
    expect(attachmentProblems(video as unknown as RichAttachment).data).toBe('视频只支持 MP4 格式')
  })
})

describe('the list', () => {
  it('holds 9 with 欢迎语2 counted, refuses a tenth by saying how many to remove', () => {
    expect(attachmentListProblem(Array(8).fill(link), [image])).toBeNull()
    expect(attachmentListProblem(Array(9).fill(link), [image])).toBe(
      '附件最多 9 个（企业微信的上限），现有 10 个（含欢迎语2），请删去 1 个',
    )
    expect(attachmentListProblem(Array(10).fill(link))).toBe(
      '附件最多 9 个（企业微信的上限），现有 10 个，请删去 1 个',
    )
  })

  it('refuses attachments heavier together than one push carries', () => {
    const heavy = (n: number): RichAttachment => ({
      kind: 'file',
      fileName: `f${n}.zip`,
      mimeType: 'application/zip',
      dataBase64: Buffer.alloc(6 * MB).toString('base64'),
    })
    expect(attachmentListProblem([heavy(1)])).toBeNull()
    expect(attachmentListProblem([heavy(1), heavy(2)])).toContain('附件合计不能超过 11 MB')
  })
})

describe('a welcome window’s attachments in the code form', () => {
  const form = (windowAttachments: RichAttachment[], own: RichAttachment[] = []) => ({
    ...emptyCodeForm(),
    name: '夜间码',
    memberUserids: ['zhangwei'],
    welcome: { ...emptyCodeForm().welcome, text: '你好' },
    rich: {
      welcomeAttachments: own,
      welcomeWindows: [
        {
          weekdays: [1],
          start: '18:00',
          end: '24:00',
          message: { text: '晚上好', attachments: windowAttachments },
        },
      ],
    },
  })
  const under = (errors: Record<string, string>, prefix: string) =>
    Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith(prefix)))
  const heavy: RichAttachment = {
    kind: 'file',
    fileName: 'f.zip',
    mimeType: 'application/zip',
    dataBase64: Buffer.alloc(6 * MB).toString('base64'),
  }

  it('passes a valid window list', () => {
    expect(under(validateCodeForm(form([image, link, mini])), 'rich.')).toEqual({})
  })
  it('puts each card’s problem on its own key, and a tenth on the window’s list', () => {
    // As the form holds a mini-program whose cover is not uploaded yet.
    const bare: RichAttachment = { ...mini, cover: { fileName: '', mimeType: 'image/png', dataBase64: '' } }
    const errors = validateCodeForm(form([image, bare]))
    expect(Object.keys(under(errors, 'rich.welcomeWindows.0.message.attachments.1.'))).not.toHaveLength(0)
    expect(Object.values(under(errors, 'rich.welcomeWindows.0.message.attachments.1.'))).toContain(
      '请上传小程序封面图片（JPG 或 PNG，不超过 2 MB）',
    )
    expect(validateCodeForm(form(Array(10).fill(link)))['rich.welcomeWindows.0.message.attachments']).toBe(
      '附件最多 9 个（企业微信的上限），现有 10 个，请删去 1 个',
    )
  })
  it('weighs every list of the code together against one push', () => {
    expect(validateCodeForm(form([heavy]))['rich.welcomeWindows']).toBeUndefined()
    expect(validateCodeForm(form([heavy], [heavy]))['rich.welcomeWindows']).toContain(
      '附件合计不能超过 11 MB',
    )
  })
})
