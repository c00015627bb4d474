// Issue 17 on the relay, round trip through the simulator: welcomes by weekday and time of day (at
// their edges, in two zones, by the add's CreateTime even when the callback comes late), placeholders
// filled from WeCom (and left out when the customer's name does not come), every attachment kind with
// its files uploaded once until they lapse, and the auto remark written once the relation is real,
// trimming the customer's name and never the channel's.

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { FIRST_RELEASE_ACTION_KINDS, type CodePolicy } from '../../common/relay-api'
import type { RichAttachment } from '../../common/welcome-schemas'
import { createWeComClient } from '../../wecom'
import { relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'

let world: RelayWorld | null = null
const servers: http.Server[] = []
afterEach(async () => {
  await world?.stop()
  world = null
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r))
})

/** Both clocks (WeCom's and the relay's), frozen at a chosen instant and moved by the test. */
function frozenClock(at: number) {
  const clock = { at, now: () => clock.at }
  return clock
}

// Mondays after the real date: the relay reads a CreateTime "from the future" (relative to the
// callback's real signing time) as just added, so the frozen clocks need no signing-time fiddling.
const MON_0900_SHANGHAI = Date.parse('2026-12-07T01:00:00Z')
const MON_0900_NEW_YORK = Date.parse('2026-12-07T14:00:00Z')

async function clockWorld(at: number) {
  const clock = frozenClock(at)
  // Tokens outlive the test's moves of the clock (a lapsed token would count every call twice).
  world = await relayWorld({
    sandbox: { now: clock.now, tokenTtlSeconds: 30 * 86_400 },
    relay: { now: clock.now },
  })
  return { w: world, clock }
}

const png = (seed: number) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(64, seed),
  ]).toString('base64')
const mp4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypmp42'),
  Buffer.alloc(64, 7),
]).toString('base64')

const everyKind: RichAttachment[] = [
  { kind: 'image', fileName: 'a.png', mimeType: 'image/png', dataBase64: png(1) },
  {
    kind: 'link',
    title: '春季新品',
    url: 'https://example.com/spring',
    desc: '点开看看',
    picUrl: '',
    cover: { fileName: 'cover.png', mimeType: 'image/png', dataBase64: png(2) },
  },
  {
    kind: 'miniprogram',
    title: '门店预约',
    appid: 'wx0123456789abcdef',
    page: 'pages/index.html',
    cover: { fileName: 'mini.png', mimeType: 'image/png', dataBase64: png(3) },
  },
  { kind: 'video', fileName: 'v.mp4', mimeType: 'video/mp4', dataBase64: mp4 },
  {
    kind: 'file',
    fileName: '价目表.pdf',
    mimeType: 'application/pdf',
    dataBase64: Buffer.from('%PDF-1.4 price list').toString('base64'),
  },
]

interface Action {
  kind: string
  status: string
  externalUserid: string
  errcode: number | null
  lastError: string | null
  detail?: string | null
}
const actions = async (w: RelayWorld) =>
  (await w.api('GET', '/actions?after=0&kinds=all')).body.actions as Action[]

async function settings(w: RelayWorld, timeZone: string) {
  const res = await w.api('PUT', '/settings', {
    timeZone,
    defaultWelcome: { text: '默认欢迎语', attachment: null },
  })
  expect(res.status).toBe(200)
}

const welcomeOf = (w: RelayWorld, ext: string) =>
  waitFor(() => w.sandbox.control.sentWelcomes.find((s) => s.externalUserid === ext))

/** A hop that takes WeCom's callbacks and hands each on only when the test says so (handOn). */
async function holdCallbacks(w: RelayWorld) {
  const held: { url: string; body: Buffer }[] = []
  const hop = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      held.push({ url: req.url ?? '', body: Buffer.concat(chunks) })
      res.end()
    })
  })
  servers.push(hop)
  await new Promise<void>((r) => hop.listen(0, '127.0.0.1', r))
  const path = new URL(w.callbackUrl).pathname
  w.sandbox.control.setCallbackUrl(`http://127.0.0.1:${(hop.address() as AddressInfo).port}${path}`)
  return held
}

const handOn = (w: RelayWorld, callback: { url: string; body: Buffer }) =>
  fetch(`${w.relay.url}${callback.url}`, { method: 'POST', body: callback.body })

async function memberName(w: RelayWorld, userid: string) {
  const client = createWeComClient({
    apiBase: w.sandbox.apiBase,
    corpId: w.sandbox.corpId,
    secret: w.sandbox.secret,
  })
  return (await client.getUser(userid)).name
}

const timed = (text: string): NonNullable<CodePolicy['welcomeWindows']> => [
  { weekdays: [1], start: '09:00', end: '12:00', message: { text, attachments: [] } },
]

describe('welcome attachments and placeholders', () => {
  it('sends every attachment kind with the placeholders filled, each file uploaded once until it lapses', async () => {
    const { w, clock } = await clockWorld(MON_0900_SHANGHAI)
    const policy = await wayWithPolicy(w, {
      name: '春季活动',
      memberUserids: ['wangfang'],
      welcome: { mode: 'own', text: '你好{客户昵称}，我是{成员姓名}，欢迎来自{渠道名称}', attachment: null },
      welcomeAttachments: everyKind,
    })
    const scan = await w.sandbox.control.scan({ state: policy.state }, { customerName: '张小明测一' })
    const sent = await welcomeOf(w, scan.externalUserid)
    expect(sent.text).toBe(`你好张小明测一，我是${await memberName(w, 'wangfang')}，欢迎来自春季活动`)
    const kinds = sent.attachments.map((a) => (a as { msgtype: string }).msgtype)
    expect(kinds).toEqual(['image', 'link', 'miniprogram', 'video', 'file'])
    const link = (sent.attachments[1] as { link: { picurl: string; title: string } }).link
    expect(link.picurl.startsWith(`${w.sandbox.apiBase}/uploadimg/`)).toBe(true)
    expect(w.sandbox.control.calls['/cgi-bin/media/upload']).toBe(4)
    expect(w.sandbox.control.calls['/cgi-bin/media/uploadimg']).toBe(1)

    // The next add reuses every upload.
    const second = await w.sandbox.control.scan({ state: policy.state }, { customerName: '李四测二' })
    expect((await welcomeOf(w, second.externalUserid)).attachments).toEqual(sent.attachments)
    expect(w.sandbox.control.calls['/cgi-bin/media/upload']).toBe(4)

    // Three days on, the media ids have lapsed (the simulator refuses them): uploaded again, the
    // lasting cover URL is not.
    clock.at += 3 * 86_400_000
    const third = await w.sandbox.control.scan({ state: policy.state }, { customerName: '王五测三' })
    const again = await welcomeOf(w, third.externalUserid)
    expect(again.attachments).toHaveLength(5)
    expect(w.sandbox.control.calls['/cgi-bin/media/upload']).toBe(8)
    expect(w.sandbox.control.calls['/cgi-bin/media/uploadimg']).toBe(1)
    expect((again.attachments[1] as { link: { picurl: string } }).link.picurl).toBe(link.picurl)
  })

  it('sends the text without the name, on time, when WeCom does not give the customer’s name', async () => {
    const { w } = await clockWorld(MON_0900_SHANGHAI)
    const policy = await wayWithPolicy(w, {
      memberUserids: ['lina'],
      welcome: { mode: 'own', text: '您好{客户昵称}，欢迎光临', attachment: null },
    })
    w.sandbox.control.injectFault({ path: '/cgi-bin/externalcontact/get', errcode: 40096 })
    const scan = await w.sandbox.control.scan({ state: policy.state }, { customerName: '赵六测四' })
    expect((await welcomeOf(w, scan.externalUserid)).text).toBe('您好，欢迎光临')
    const welcome = await waitFor(async () =>
      (await actions(w)).find((a) => a.kind === 'welcome' && a.status === 'done'),
    )
    expect(welcome.detail).toContain('未能及时取得客户昵称')

    // A half-add is no relation yet: externalcontact/get answers 84061, the welcome still goes out.
    w.sandbox.control.setMemberHalfAdd('lina', true)
    const half = await w.sandbox.control.scan({ state: policy.state }, { customerName: '钱七测五' })
    expect((await welcomeOf(w, half.externalUserid)).text).toBe('您好，欢迎光临')
  })

  it('sends the text without the name when WeCom is slow to give it: the name is waited for 4 s at most', async () => {
    const { w } = await clockWorld(MON_0900_SHANGHAI)
    const policy = await wayWithPolicy(w, {
      memberUserids: ['lina'],
      welcome: { mode: 'own', text: '您好{客户昵称}，欢迎光临', attachment: null },
    })
    // WeCom takes 6 s to give the name: more than the relay's budget for it inside the 20 s.
    w.sandbox.control.setPathLatency('/cgi-bin/externalcontact/get', 6_000)
    const scan = await w.sandbox.control.scan({ state: policy.state }, { customerName: '赵六测四' })
    const sent = await welcomeOf(w, scan.externalUserid)
    expect(sent.text).toBe('您好，欢迎光临')
    const welcome = await waitFor(async () =>
      (await actions(w)).find((a) => a.kind === 'welcome' && a.status === 'done'),
    )
    expect(welcome.detail).toContain('未能及时取得客户昵称')
    // The name was there to be had: with WeCom answering at once, the next add's welcome carries it.
    w.sandbox.control.setPathLatency('/cgi-bin/externalcontact/get', 0)
    const next = await w.sandbox.control.scan({ state: policy.state }, { customerName: '钱七测五' })
    expect((await welcomeOf(w, next.externalUserid)).text).toBe('您好钱七测五，欢迎光临')
  })

  it('refuses a policy with ten attachments or a bad mini-program, in Chinese', async () => {
    const { w } = await clockWorld(MON_0900_SHANGHAI)
    const policy = await wayWithPolicy(w, { memberUserids: ['lina'] })
    const ten = Array.from({ length: 10 }, () => everyKind[0]!)
    const res = await w.api('PUT', `/policies/${policy.state}`, { ...policy, welcomeAttachments: ten })
    expect(res.status).toBe(400)
    expect(res.body.message).toContain('附件最多 9 个')
    const bad = { ...everyKind[2]!, appid: 'abc' }
    const res2 = await w.api('PUT', `/policies/${policy.state}`, { ...policy, welcomeAttachments: [bad] })
    expect(res2.body.message).toContain('小程序 AppID 格式不对')
  })
})

describe('welcome by time of day', () => {
  for (const [zone, nine] of [
    ['Asia/Shanghai', MON_0900_SHANGHAI],
    ['America/New_York', MON_0900_NEW_YORK],
  ] as const) {
    it(`picks the window at its edges in ${zone}: start inclusive, end exclusive, else the code’s message`, async () => {
      const { w, clock } = await clockWorld(nine)
      await settings(w, zone)
      const policy = await wayWithPolicy(w, {
        memberUserids: ['wangfang'],
        welcome: { mode: 'own', text: '代码默认', attachment: null },
        welcomeWindows: timed('上午好'),
      })
      const at = async (ms: number) => {
        clock.at = ms
        const scan = await w.sandbox.control.scan({ state: policy.state })
        return (await welcomeOf(w, scan.externalUserid)).text
      }
      expect(await at(nine - 1000)).toBe('代码默认')
      expect(await at(nine)).toBe('上午好')
      expect(await at(nine + 3 * 3600_000 - 1000)).toBe('上午好')
      expect(await at(nine + 3 * 3600_000)).toBe('代码默认')
      // The same Monday 09:00 in the other zone is outside the window here.
      const other = zone === 'Asia/Shanghai' ? MON_0900_NEW_YORK : MON_0900_SHANGHAI
      expect(await at(other)).toBe('代码默认')
    })
  }

  it('sends a window’s own attachments with its text, and the code’s outside it', async () => {
    const { w, clock } = await clockWorld(MON_0900_SHANGHAI)
    await settings(w, 'Asia/Shanghai')
    const policy = await wayWithPolicy(w, {
      memberUserids: ['wangfang'],
      welcome: { mode: 'own', text: '代码默认', attachment: null },
      welcomeAttachments: [everyKind[4]!],
      welcomeWindows: [
        {
          weekdays: [1],
          start: '09:00',
          end: '12:00',
          message: { text: '上午好', attachments: [everyKind[0]!, everyKind[2]!] },
        },
      ],
    })
    const inWindow = await w.sandbox.control.scan({ state: policy.state })
    const morning = await welcomeOf(w, inWindow.externalUserid)
    expect([morning.text, morning.attachments.map((a) => (a as { msgtype: string }).msgtype)]).toEqual([
      '上午好',
      ['image', 'miniprogram'],
    ])
    clock.at = MON_0900_SHANGHAI + 3 * 3600_000
    const outside = await w.sandbox.control.scan({ state: policy.state })
    const noon = await welcomeOf(w, outside.externalUserid)
    expect([noon.text, noon.attachments.map((a) => (a as { msgtype: string }).msgtype)]).toEqual([
      '代码默认',
      ['file'],
    ])
  })

  it('a callback delayed past the window’s end still gets the message of its CreateTime', async () => {
    const { w, clock } = await clockWorld(MON_0900_SHANGHAI + 3 * 3600_000 - 10_000) // 11:59:50
    await settings(w, 'Asia/Shanghai')
    const policy = await wayWithPolicy(w, {
      memberUserids: ['wangfang'],
      welcome: { mode: 'own', text: '代码默认', attachment: null },
      welcomeWindows: timed('上午好'),
    })
    const held = await holdCallbacks(w)
    const scan = await w.sandbox.control.scan({ state: policy.state })
    expect(held).toHaveLength(1)
    clock.at += 15_000 // 12:00:05 when the relay receives it
    expect((await handOn(w, held[0]!)).status).toBe(200)
    expect((await welcomeOf(w, scan.externalUserid)).text).toBe('上午好')
  })
})

describe('auto remark', () => {
  it('waits for a half-add to be confirmed, then writes the remark; a 30-character channel goes whole to the description', async () => {
    const { w, clock } = await clockWorld(MON_0900_SHANGHAI)
    w.sandbox.control.setMemberHalfAdd('wangfang', true)
    const channel = '二零二六年春季全国门店线下扫码引流活动第三期华东区' // 25
    const long = `${channel}上海浦东店` // 30 characters
    expect([...long]).toHaveLength(30)
    const policy = await wayWithPolicy(w, {
      name: long,
      memberUserids: ['wangfang'],
      autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '扫码添加' },
    })
    const scan = await w.sandbox.control.scan({ state: policy.state }, { customerName: '孙悟空测六' })
    // The remark waits out the welcome's 20 s (it must not take WeCom calls from welcomes), then
    // meets the unconfirmed half-add.
    await welcomeOf(w, scan.externalUserid)
    clock.at += 20_000
    await waitFor(async () =>
      (await actions(w)).some((a) => a.kind === 'remark' && a.status === 'pending' && a.errcode === 84061),
    )
    expect(w.sandbox.control.remarks).toEqual([])
    await w.sandbox.control.confirmHalfAdd('wangfang', scan.externalUserid)
    const done = await waitFor(async () =>
      (await actions(w)).find((a) => a.kind === 'remark' && a.status === 'done'),
    )
    const written = w.sandbox.control.remarks.filter((r) => r.externalUserid === scan.externalUserid)
    expect(written).toHaveLength(1)
    expect(written[0]).toMatchObject({ remark: '孙悟空测六', description: `${long} 扫码添加` })
    expect(done.detail).toContain('渠道名称超过备注长度上限')
    expect((await actions(w)).filter((a) => a.kind === 'remark')).toHaveLength(1)
  })

  it('trims a long customer name to fit 20 characters and keeps the channel whole', async () => {
    const { w, clock } = await clockWorld(MON_0900_SHANGHAI)
    const policy = await wayWithPolicy(w, {
      name: '门店A',
      memberUserids: ['lina'],
      autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '' },
    })
    const name = '一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑' // 22
    const scan = await w.sandbox.control.scan({ state: policy.state }, { customerName: name })
    await welcomeOf(w, scan.externalUserid)
    clock.at += 20_000
    const written = await waitFor(() =>
      w.sandbox.control.remarks.find((r) => r.externalUserid === scan.externalUserid),
    )
    expect(written.remark).toBe(`${[...name].slice(0, 16).join('')}-门店A`)
    expect([...written.remark!]).toHaveLength(20)
    expect(written.description).toBeNull()

    // A desktop of release 0.1 asks without kinds=all and validates kind against its own three:
    // its page leaves the remark out and still parses; a current desktop's page has it.
    await waitFor(async () => (await actions(w)).find((a) => a.kind === 'remark' && a.status === 'done'))
    const firstReleasePage = z.object({
      actions: z.array(z.object({ kind: z.enum(FIRST_RELEASE_ACTION_KINDS) }).passthrough()),
    })
    const old = firstReleasePage.parse((await w.api('GET', '/actions?after=0')).body)
    expect(old.actions.map((a) => a.kind).sort()).toEqual(['tags', 'welcome'])
    expect((await actions(w)).map((a) => a.kind).sort()).toEqual(['remark', 'tags', 'welcome'])
  })

  it('takes the name its welcome just read: one externalcontact/get per add, not two', async () => {
    const { w, clock } = await clockWorld(MON_0900_SHANGHAI)
    const policy = await wayWithPolicy(w, {
      name: '门店C',
      memberUserids: ['lina'],
      welcome: { mode: 'own', text: '您好{客户昵称}', attachment: null },
      autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '' },
    })
    const gets = () => w.sandbox.control.calls['/cgi-bin/externalcontact/get'] ?? 0
    const before = gets()
    const scan = await w.sandbox.control.scan({ state: policy.state }, { customerName: '周八测七' })
    expect((await welcomeOf(w, scan.externalUserid)).text).toBe('您好周八测七')
    clock.at += 20_000
    const written = await waitFor(() =>
      w.sandbox.control.remarks.find((r) => r.externalUserid === scan.externalUserid),
    )
    expect(written.remark).toBe('周八测七-门店C')
    expect(gets() - before).toBe(1)

    // Minutes later (a remark that waited on WeCom) the kept name has lapsed: asked again.
    const later = await w.sandbox.control.scan({ state: policy.state }, { customerName: '吴九测八' })
    await welcomeOf(w, later.externalUserid)
    clock.at += 6 * 60_000
    const again = await waitFor(() =>
      w.sandbox.control.remarks.find((r) => r.externalUserid === later.externalUserid),
    )
    expect(again.remark).toBe('吴九测八-门店C')
    expect(gets() - before).toBe(3)
  })

  it('a customer with no name: the remark is the channel alone, without a dangling separator', async () => {
    const { w, clock } = await clockWorld(MON_0900_SHANGHAI)
    const policy = await wayWithPolicy(w, {
      name: '门店B',
      memberUserids: ['lina'],
      autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '' },
    })
    const scan = await w.sandbox.control.scan({ state: policy.state }, { customerName: '' })
    await welcomeOf(w, scan.externalUserid)
    clock.at += 20_000
    const written = await waitFor(() =>
      w.sandbox.control.remarks.find((r) => r.externalUserid === scan.externalUserid),
    )
    expect(written.remark).toBe('门店B')
  })
})
