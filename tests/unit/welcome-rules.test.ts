// The pure rules of issue 17's welcome: which window holds an instant (edges, two zones, a DST
// change), placeholder filling, the remark's 20-character trimming, and the schemas' Chinese refusals.

import { describe, expect, it } from 'vitest'
import { codePolicySchema } from '../../common/relay-api'
import { welcomeMessageSchema, welcomeWindowsSchema, type WelcomeWindow } from '../../common/welcome-schemas'
import { fillPlaceholders, fillRemark } from '../../common/welcome-text'
import { windowAt } from '../../relay/welcome/windows'

const win = (weekdays: number[], start: string, end: string): WelcomeWindow => ({
  weekdays,
  start,
  end,
  message: { text: `${start}-${end}`, attachments: [] },
})

describe('welcome windows', () => {
  const windows = [win([1, 2, 3, 4, 5], '09:00', '18:00'), win([6, 7], '00:00', '24:00')]
  it('holds its start, not its end, in the zone asked (Shanghai and New York)', () => {
    // Monday 2026-12-07.
    expect(windowAt(windows, Date.parse('2026-12-07T00:59:59Z'), 'Asia/Shanghai')).toBe(-1)
    expect(windowAt(windows, Date.parse('2026-12-07T01:00:00Z'), 'Asia/Shanghai')).toBe(0)
    expect(windowAt(windows, Date.parse('2026-12-07T09:59:59Z'), 'Asia/Shanghai')).toBe(0)
    expect(windowAt(windows, Date.parse('2026-12-07T10:00:00Z'), 'Asia/Shanghai')).toBe(-1)
    expect(windowAt(windows, Date.parse('2026-12-07T13:59:59Z'), 'America/New_York')).toBe(-1)
    expect(windowAt(windows, Date.parse('2026-12-07T14:00:00Z'), 'America/New_York')).toBe(0)
    // Sunday all day, until Monday 00:00 local.
    expect(windowAt(windows, Date.parse('2026-12-07T04:59:59Z'), 'America/New_York')).toBe(1)
    expect(windowAt(windows, Date.parse('2026-12-07T05:00:00Z'), 'America/New_York')).toBe(-1)
  })
  it('follows the zone across a daylight-saving change', () => {
    // 2026-03-09 is a Monday after New York moved to EDT (UTC-4): 09:00 local is 13:00Z.
    expect(windowAt(windows, Date.parse('2026-03-09T13:00:00Z'), 'America/New_York')).toBe(0)
    expect(windowAt(windows, Date.parse('2026-03-09T12:59:59Z'), 'America/New_York')).toBe(-1)
  })
  it('refuses overlapping windows and empty messages with Chinese messages', () => {
    const overlap = welcomeWindowsSchema.safeParse([
      win([1], '09:00', '12:00'),
      win([1, 2], '11:00', '13:00'),
    ])
    expect(overlap.error?.issues[0]?.message).toContain('重叠')
    const backwards = welcomeWindowsSchema.safeParse([win([1], '12:00', '09:00')])
    expect(backwards.error?.issues[0]?.message).toContain('结束时间须晚于开始时间')
    expect(
      welcomeMessageSchema.safeParse({ text: ' ', attachments: [] }).error?.issues[0]?.message,
    ).toContain('这条欢迎语是空的')
  })
})

describe('placeholders and the remark', () => {
  const v = { customerName: '小明', memberName: '王芳', channelName: '门店A' }
  it('fills every placeholder, and leaves nothing where a value is missing', () => {
    expect(fillPlaceholders('{客户昵称}您好，我是{成员姓名}（{渠道名称}）', v)).toBe(
      '小明您好，我是王芳（门店A）',
    )
    expect(fillPlaceholders('{客户昵称}您好', { ...v, customerName: '' })).toBe('您好')
  })
  it('trims the name, never the channel, to 20 characters', () => {
    const long = '一二三四五六七八九十甲乙丙丁戊己庚辛壬癸'
    const r = fillRemark({ remark: '{客户昵称}-{渠道名称}', description: '' }, { ...v, customerName: long })
    expect(r.remark).toBe('一二三四五六七八九十甲乙丙丁戊己-门店A')
    expect([...r.remark]).toHaveLength(20)
    expect(r.note).toContain('截短')
  })
  it('moves a channel that cannot fit whole to the description', () => {
    const channel = '一'.repeat(30)
    const r = fillRemark({ remark: '{客户昵称}-{渠道名称}', description: '' }, { ...v, channelName: channel })
    expect(r.remark).toBe('小明')
    expect(r.description).toBe(channel)
  })
  it('keeps the description to 150 characters', () => {
    const r = fillRemark({ remark: '', description: '{客户昵称}'.repeat(100) }, v)
    expect([...r.description]).toHaveLength(150)
  })
})

describe('the policy schema', () => {
  const base = {
    state: 's1',
    configId: 'c1',
    name: '活码',
    welcome: { mode: 'own', text: '你好', attachment: null },
    tagIds: [],
    autoAccept: { mode: 'on', windows: [] },
    memberUserids: ['u1'],
  }
  it('still takes a policy without any of the new fields (old desktops)', () => {
    expect(codePolicySchema.safeParse(base).success).toBe(true)
  })
  it('refuses attachments beyond WeCom’s limits, each with its reason', () => {
    const parse = (a: unknown) =>
      codePolicySchema.safeParse({ ...base, welcomeAttachments: [a] }).error?.issues[0]?.message
    expect(
      parse({ kind: 'video', fileName: 'a.mov', mimeType: 'video/quicktime', dataBase64: 'AAAAAAAA' }),
    ).toContain('MP4')
    expect(
      parse({
        kind: 'miniprogram',
        title: '长'.repeat(22),
        appid: 'wx0123456789abcdef',
        page: 'pages/a.html',
        cover: { fileName: 'c.png', mimeType: 'image/png', dataBase64: 'iVBORw0KGgoAAAA=' },
      }),
    ).toContain('64 字节')
    expect(
      parse({ kind: 'file', fileName: '', mimeType: 'application/pdf', dataBase64: 'AAAAAAAA' }),
    ).toContain('请选择文件')
    expect(parse({ kind: 'link', title: 'x', url: 'ftp://a', desc: '', picUrl: '' })).toContain('http')
  })
})
