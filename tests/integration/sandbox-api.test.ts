// The simulator's server API spoken to over plain HTTP, as WeCom would be: tokens, the rate cap,
// latency, the directory and tags, the contact ways, customers, welcome codes, media and the state file.

import jsQR from 'jsqr'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PNG } from 'pngjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startSandbox } from '../../sandbox'
import { callSandbox, getToken, type Json } from './sandbox-calls'
import type { Sandbox, SandboxOptions } from '../../sandbox/types'

const running: Sandbox[] = []
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop()
})

async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const s = await startSandbox(opts)
  running.push(s)
  return s
}

const call = callSandbox

const way = (over: Json = {}) => ({
  type: 1,
  scene: 2,
  remark: '门店海报',
  skip_verify: true,
  state: 'poster01',
  user: ['zhangwei'],
  ...over,
})

async function addWay(s: Sandbox, over: Json = {}): Promise<string> {
  const answer = await call(s, 'externalcontact/add_contact_way', { body: way(over) })
  expect(answer.errcode).toBe(0)
  return String(answer.config_id)
}

const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64),
])

async function upload(s: Sandbox, data: Buffer, type = 'image'): Promise<Json> {
  const { access_token } = await getToken(s)
  const form = new FormData()
  form.append('media', new Blob([new Uint8Array(data)], { type: 'image/png' }), 'a.png')
  const res = await fetch(
    `${s.apiBase}/cgi-bin/media/upload?access_token=${String(access_token)}&type=${type}`,
    {
      method: 'POST',
      body: form,
    },
  )
  return (await res.json()) as Json
}

describe('sandbox tokens, caps and latency', () => {
  it('issues a token only for the right corp id and secret', async () => {
    const s = await sandbox({ tokenTtlSeconds: 600 })
    expect(await getToken(s)).toMatchObject({ errcode: 0, expires_in: 600, access_token: expect.any(String) })
    expect(await getToken(s, 'wwother')).toMatchObject({ errcode: 40013 })
    expect(await getToken(s, s.corpId, 'wrong')).toMatchObject({ errcode: 40001 })
  })

  it('answers 42001 once a token outlives its ttl, 40014 for an unknown one and 41001 without one', async () => {
    let now = Date.now()
    const s = await sandbox({ now: () => now, tokenTtlSeconds: 7200 })
    const token = String((await getToken(s)).access_token)
    const path = 'externalcontact/get_follow_user_list'
    expect(await call(s, path, { token })).toMatchObject({ errcode: 0 })
    now += 7199_000
    expect(await call(s, path, { token })).toMatchObject({ errcode: 0 })
    now += 2_000
    expect(await call(s, path, { token })).toMatchObject({ errcode: 42001 })
    expect(await call(s, path, { token: 'made-up' })).toMatchObject({ errcode: 40014 })
    expect(await call(s, path, { token: null })).toMatchObject({ errcode: 41001 })
  })

  it('answers 42001 for every issued token after expireTokens, and a new token works', async () => {
    const s = await sandbox()
    const token = String((await getToken(s)).access_token)
    s.control.expireTokens()
    expect(await call(s, 'department/list', { token })).toMatchObject({ errcode: 42001 })
    expect(await call(s, 'department/list')).toMatchObject({ errcode: 0 })
  })

  it('answers 45009 once one path passes its per-minute cap, leaves other paths alone, and counts every call', async () => {
    let now = Date.now()
    const s = await sandbox({ rateLimitPerMinute: 3, now: () => now })
    const token = String((await getToken(s)).access_token)
    const codes: unknown[] = []
    for (let i = 0; i < 5; i++) codes.push((await call(s, 'department/list', { token })).errcode)
    expect(codes).toEqual([0, 0, 0, 45009, 45009])
    expect(await call(s, 'externalcontact/get_follow_user_list', { token })).toMatchObject({ errcode: 0 })
    expect(s.control.calls['/cgi-bin/department/list']).toBe(5)
    now += 60_000
    expect(await call(s, 'department/list', { token })).toMatchObject({ errcode: 0 })
  })

  it('delays every answer by the latency, which can change while running', async () => {
    const s = await sandbox()
    const token = String((await getToken(s)).access_token)
    s.control.setLatency(150)
    const started = performance.now()
    await call(s, 'department/list', { token })
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    s.control.setLatency(0)
    const again = performance.now()
    await call(s, 'department/list', { token })
    expect(performance.now() - again).toBeLessThan(140)
  })

  it('answers an unknown API path with HTTP 200 and errcode 40058', async () => {
    const s = await sandbox()
    expect(await call(s, 'externalcontact/no_such_api')).toMatchObject({ errcode: 40058 })
  })
})

describe('sandbox directory and tags', () => {
  it('seeds a corp with departments, members with and without permission, and the tag groups', async () => {
    const s = await sandbox()
    const depts = (await call(s, 'department/list')).department as { id: number; name: string }[]
    expect(depts.map((d) => d.name)).toEqual(expect.arrayContaining(['销售一部', '销售二部', '客服部']))
    // user/list has no fetch_child any more (doc 96260): one department each, so callers walk the tree.
    const users: { userid: string; status: number }[] = []
    for (const d of depts) {
      const list = (await call(s, 'user/list', { query: { department_id: String(d.id), fetch_child: '1' } }))
        .userlist as { userid: string; status: number }[]
      users.push(...list)
    }
    expect(users.length).toBeGreaterThanOrEqual(18)
    expect(users.some((u) => u.status === 4)).toBe(true)
    const root = (await call(s, 'user/list', { query: { department_id: '1', fetch_child: '1' } }))
      .userlist as unknown[]
    expect(root).toHaveLength(0)
    const follow = (await call(s, 'externalcontact/get_follow_user_list')).follow_user as string[]
    expect(follow).toContain('zhangwei')
    expect(follow).not.toContain('zhoujie')
    expect(await call(s, 'user/get', { query: { userid: 'zhangwei' } })).toMatchObject({
      name: '张伟',
      status: 1,
    })
    const groups = (await call(s, 'externalcontact/get_corp_tag_list', { body: {} })).tag_group as {
      group_id: string
      group_name: string
      tag: { id: string; name: string }[]
    }[]
    expect(groups.map((g) => g.group_name)).toEqual(['性别', '购买意向', '客户等级', '来源渠道'])
    expect(groups[0]!.tag[0]!.id).toMatch(/^et/)
    const oneTag = (
      await call(s, 'externalcontact/get_corp_tag_list', { body: { tag_id: [groups[3]!.tag[1]!.id] } })
    ).tag_group as typeof groups
    expect(oneTag).toEqual([
      expect.objectContaining({ group_name: '来源渠道', tag: [expect.objectContaining({ name: '门店' })] }),
    ])
    const oneGroup = (
      await call(s, 'externalcontact/get_corp_tag_list', { body: { group_id: [groups[1]!.group_id] } })
    ).tag_group as typeof groups
    expect(oneGroup.map((g) => g.tag.length)).toEqual([2])
  })
})

describe('sandbox contact ways', () => {
  it('refuses a remark or state over 30 characters with 40058 and takes exactly 30', async () => {
    const s = await sandbox()
    const add = (over: Json) => call(s, 'externalcontact/add_contact_way', { body: way(over) })
    expect(await add({ remark: '码'.repeat(31) })).toMatchObject({ errcode: 40058 })
    expect(await add({ state: 's'.repeat(31) })).toMatchObject({ errcode: 40058 })
    expect(await add({ remark: '码'.repeat(30), state: 's'.repeat(30) })).toMatchObject({ errcode: 0 })
    const id = await addWay(s)
    expect(
      await call(s, 'externalcontact/update_contact_way', {
        body: { config_id: id, state: 'x'.repeat(31), user: ['zhangwei'] },
      }),
    ).toMatchObject({ errcode: 40058 })
  })

  it('checks the members: one for type 1, permission 84074, activated 41054, at most 100 (41041)', async () => {
    const s = await sandbox()
    const add = (over: Json) => call(s, 'externalcontact/add_contact_way', { body: way(over) })
    expect(await add({ user: ['zhangwei', 'lina'] })).toMatchObject({ errcode: 40058 })
    expect(await add({ user: ['zhoujie'] })).toMatchObject({ errcode: 84074 })
    expect(await add({ user: ['wuhao'] })).toMatchObject({ errcode: 41054 })
    expect(await add({ type: 2, user: ['zhangwei', 'lina'] })).toMatchObject({ errcode: 0 })
    const { userids } = s.control.seedRelations({ members: 101, perMember: 0 })
    expect(await add({ type: 2, user: userids })).toMatchObject({ errcode: 41041 })
    expect(await add({ type: 2, user: userids.slice(0, 100) })).toMatchObject({ errcode: 0 })
  })

  it('defaults skip_verify to true and serves the qr_code as a PNG holding a WeCom contact link', async () => {
    const s = await sandbox()
    const { skip_verify: _omitted, ...noSkip } = way()
    const answer = await call(s, 'externalcontact/add_contact_way', { body: noSkip })
    const id = String(answer.config_id)
    expect(s.control.contactWay(id)?.skip_verify).toBe(true)
    const qrUrl = String(answer.qr_code)
    expect(qrUrl.startsWith(`${s.apiBase}/sandbox/qr/`)).toBe(true)
    const res = await fetch(qrUrl)
    expect(res.headers.get('content-type')).toBe('image/png')
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()))
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    expect(decoded?.data).toMatch(/^https:\/\/work\.weixin\.qq\.com\/ca\/cawcde[0-9a-z]+$/)
    const view = (await call(s, 'externalcontact/get_contact_way', { body: { config_id: id } })).contact_way
    expect(view).toMatchObject({
      config_id: id,
      type: 1,
      scene: 2,
      remark: '门店海报',
      state: 'poster01',
      qr_code: qrUrl,
    })
    // The image is stable: the same link every time, as a printed code must be.
    const again = PNG.sync.read(Buffer.from(await (await fetch(qrUrl)).arrayBuffer()))
    expect(jsQR(new Uint8ClampedArray(again.data), again.width, again.height)?.data).toBe(decoded?.data)
  })

  it('overwrites the whole way on update, keeps type and scene, and answers 41044 for an unknown way', async () => {
    const s = await sandbox()
    const id = await addWay(s, { type: 2, user: ['zhangwei', 'lina'], skip_verify: false })
    const update = (body: Json) =>
      call(s, 'externalcontact/update_contact_way', { body: { config_id: id, ...body } })
    expect(
      await update({ type: 1, scene: 1, remark: '新名字', state: 'st2', skip_verify: false, user: ['lina'] }),
    ).toMatchObject({
      errcode: 0,
    })
    expect(s.control.contactWay(id)).toMatchObject({
      skip_verify: false,
      state: 'st2',
      user: ['lina'],
      remark: '新名字',
    })
    const view = (await call(s, 'externalcontact/get_contact_way', { body: { config_id: id } })).contact_way
    expect(view).toMatchObject({ type: 2, scene: 2 })
    // Not a patch: what is left out is cleared (skip_verify back to its default).
    expect(await update({ user: ['lina'] })).toMatchObject({ errcode: 0 })
    expect(s.control.contactWay(id)).toMatchObject({
      skip_verify: true,
      state: '',
      user: ['lina'],
      remark: '',
    })
    expect(await update({ user: [] })).toMatchObject({ errcode: 40058 })
    expect(
      await call(s, 'externalcontact/update_contact_way', { body: { config_id: 'nope', user: ['lina'] } }),
    ).toMatchObject({ errcode: 41044 })
  })

  it('deletes a way once and answers 41044 after', async () => {
    const s = await sandbox()
    const id = await addWay(s)
    const del = () => call(s, 'externalcontact/del_contact_way', { body: { config_id: id } })
    expect(await del()).toMatchObject({ errcode: 0 })
    expect(await del()).toMatchObject({ errcode: 41044 })
    expect(await call(s, 'externalcontact/get_contact_way', { body: { config_id: id } })).toMatchObject({
      errcode: 41044,
    })
  })

  it('pages list_contact_way by cursor, the limit capped at 1000 and 100 by default', async () => {
    const s = await sandbox({ seed: false })
    s.control.seedRelations({ members: 1, perMember: 0 })
    const token = String((await getToken(s)).access_token)
    for (let i = 0; i < 1005; i += 67) {
      await Promise.all(
        Array.from({ length: Math.min(67, 1005 - i) }, (_, k) =>
          call(s, 'externalcontact/add_contact_way', {
            token,
            body: way({ state: `s${i + k}`, user: ['bench0000'] }),
          }),
        ),
      )
    }
    const list = (body: Json) => call(s, 'externalcontact/list_contact_way', { token, body })
    const first = await list({ limit: 5000 })
    expect((first.contact_way as unknown[]).length).toBe(1000)
    const rest = await list({ limit: 5000, cursor: first.next_cursor })
    expect((rest.contact_way as unknown[]).length).toBe(5)
    expect(rest.next_cursor).toBe('')
    expect(((await list({})).contact_way as unknown[]).length).toBe(100)
    const seen = new Set<string>()
    let cursor = ''
    do {
      const page = await list({ limit: 400, cursor })
      for (const w of page.contact_way as { config_id: string }[]) seen.add(w.config_id)
      cursor = String(page.next_cursor)
    } while (cursor)
    expect(seen.size).toBe(1005)
    // A window in the past holds nothing.
    const old = Math.floor(Date.now() / 1000) - 86400 * 30
    expect((await list({ start_time: old - 86400, end_time: old })).contact_way).toEqual([])
  })
})

describe('sandbox customers', () => {
  it("answers 84061 for a member without customers and lists a seeded member's customers", async () => {
    const s = await sandbox()
    expect(await call(s, 'externalcontact/list', { query: { userid: 'heyong' } })).toMatchObject({
      errcode: 0,
    })
    const empty = await sandbox({ seed: false })
    empty.control.seedRelations({ members: 1, perMember: 0 })
    expect(await call(empty, 'externalcontact/list', { query: { userid: 'bench0000' } })).toMatchObject({
      errcode: 84061,
    })
  })

  it('pages batch/get_by_user with limit 50 by default, clamped to 100, and at most 100 userids', async () => {
    const s = await sandbox({ seed: false })
    const { userids } = s.control.seedRelations({ members: 3, perMember: 70, state: 'bulk' })
    const token = String((await getToken(s)).access_token)
    const batch = (body: Json) => call(s, 'externalcontact/batch/get_by_user', { token, body })
    const byDefault = await batch({ userid_list: userids })
    expect((byDefault.external_contact_list as unknown[]).length).toBe(50)
    const seen = new Set<string>()
    let cursor = ''
    let pages = 0
    do {
      const page = await batch({ userid_list: userids, cursor, limit: 1000 })
      const list = page.external_contact_list as {
        external_contact: { external_userid: string }
        follow_info: Json
      }[]
      expect(list.length).toBeLessThanOrEqual(100)
      for (const c of list) {
        seen.add(c.external_contact.external_userid)
        expect(c.follow_info).toMatchObject({ state: 'bulk', tag_id: [], createtime: expect.any(Number) })
      }
      cursor = String(page.next_cursor)
      pages++
    } while (cursor)
    expect(seen.size).toBe(210)
    expect(pages).toBe(3)
    expect(await batch({ userid_list: Array.from({ length: 101 }, (_, i) => `u${i}`) })).toMatchObject({
      errcode: 40058,
    })
    expect(await batch({ userid_list: userids, cursor: 'garbage' })).toMatchObject({ errcode: 40058 })
  })

  it('leaves state out of follow_info for customers that came from no code', async () => {
    const s = await sandbox()
    const page = await call(s, 'externalcontact/batch/get_by_user', { body: { userid_list: ['moumeina'] } })
    const list = page.external_contact_list as { follow_info: Json }[]
    expect(list.length).toBeGreaterThan(0)
    for (const c of list) expect(c.follow_info).not.toHaveProperty('state')
  })

  it('marks tags only for known tags and existing relations, and shows them on get', async () => {
    const s = await sandbox()
    await addWay(s, { state: 'tagme' })
    const scan = await s.control.scan({ state: 'tagme' })
    const groups = (await call(s, 'externalcontact/get_corp_tag_list', { body: {} })).tag_group as {
      tag: { id: string; name: string }[]
    }[]
    const tagId = groups[1]!.tag[1]!.id
    const mark = (body: Json) =>
      call(s, 'externalcontact/mark_tag', {
        body: { userid: 'zhangwei', external_userid: scan.externalUserid, ...body },
      })
    expect(await mark({ add_tag: ['etnope'] })).toMatchObject({ errcode: 40068 })
    expect(await mark({ add_tag: [tagId], userid: 'lina' })).toMatchObject({ errcode: 84061 })
    expect(await mark({ add_tag: [tagId] })).toMatchObject({ errcode: 0 })
    expect(s.control.markedTags).toEqual([
      expect.objectContaining({ userid: 'zhangwei', addTag: [tagId], removeTag: [] }),
    ])
    const got = await call(s, 'externalcontact/get', { query: { external_userid: scan.externalUserid } })
    expect(got.follow_user).toEqual([
      expect.objectContaining({
        userid: 'zhangwei',
        state: 'tagme',
        createtime: expect.any(Number),
        tags: [expect.objectContaining({ tag_id: tagId, tag_name: '有意向', group_name: '购买意向' })],
      }),
    ])
    expect(await call(s, 'externalcontact/get', { query: { external_userid: 'wmnobody' } })).toMatchObject({
      errcode: 40096,
    })
  })
})

describe('sandbox welcome messages and media', () => {
  it('takes a welcome code once, refuses it after 20 seconds, and records what was sent', async () => {
    let now = Date.now()
    const s = await sandbox({ now: () => now })
    await addWay(s, { state: 'hello' })
    const send = (welcome_code: string, extra: Json = { text: { content: '您好，欢迎光临' } }) =>
      call(s, 'externalcontact/send_welcome_msg', { body: { welcome_code, ...extra } })
    const first = await s.control.scan({ state: 'hello' })
    expect(first.welcomeCode).toBeTruthy()
    expect(await send(first.welcomeCode!)).toMatchObject({ errcode: 0 })
    expect(await send(first.welcomeCode!)).toMatchObject({ errcode: 41050 })
    const second = await s.control.scan({ state: 'hello' })
    now += 19_000
    const third = await s.control.scan({ state: 'hello' })
    now += 2_000
    expect(await send(second.welcomeCode!)).toMatchObject({ errcode: 41050 })
    expect(await send(third.welcomeCode!)).toMatchObject({ errcode: 0 })
    expect(await send('never-issued')).toMatchObject({ errcode: 41050 })
    expect(s.control.sentWelcomes.map((w) => w.externalUserid)).toEqual([
      first.externalUserid,
      third.externalUserid,
    ])
    expect(s.control.sentWelcomes[0]).toMatchObject({
      userid: 'zhangwei',
      text: '您好，欢迎光临',
      attachments: [],
    })
  })

  it('checks the message: not empty, text at most 4000 bytes, at most 9 attachments, images it issued', async () => {
    const s = await sandbox()
    await addWay(s, { state: 'checks' })
    const { welcomeCode } = await s.control.scan({ state: 'checks' })
    const send = (extra: Json) =>
      call(s, 'externalcontact/send_welcome_msg', { body: { welcome_code: welcomeCode, ...extra } })
    expect(await send({})).toMatchObject({ errcode: 40058 })
    expect(await send({ text: { content: '字'.repeat(1334) } })).toMatchObject({ errcode: 40058 })
    const link = { msgtype: 'link', link: { title: 't', url: 'https://example.com' } }
    expect(await send({ attachments: Array.from({ length: 10 }, () => link) })).toMatchObject({
      errcode: 41064,
    })
    expect(await send({ attachments: [{ msgtype: 'image', image: { media_id: 'made-up' } }] })).toMatchObject(
      {
        errcode: 40007,
      },
    )
    const media = await upload(s, PNG_BYTES)
    expect(media).toMatchObject({
      errcode: 0,
      type: 'image',
      media_id: expect.any(String),
      created_at: expect.any(String),
    })
    // Failed attempts did not use the code up.
    expect(
      await send({
        text: { content: '字'.repeat(1333) },
        attachments: [{ msgtype: 'image', image: { media_id: media.media_id } }],
      }),
    ).toMatchObject({ errcode: 0 })
  })

  it('takes JPG or PNG uploads in the media field over 5 bytes, and lets the media lapse after 3 days', async () => {
    let now = Date.now()
    const s = await sandbox({ now: () => now, tokenTtlSeconds: 86400 * 10 })
    expect(await upload(s, Buffer.from('GIF89a-not-allowed'))).toMatchObject({ errcode: 40005 })
    expect(await upload(s, Buffer.from([0xff, 0xd8, 0xff]))).toMatchObject({ errcode: 40005 })
    const jpg = await upload(s, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32)]))
    expect(jpg).toMatchObject({ errcode: 0 })
    await addWay(s, { state: 'lapse' })
    now += 3 * 86400_000 + 1000
    const { welcomeCode } = await s.control.scan({ state: 'lapse' })
    expect(
      await call(s, 'externalcontact/send_welcome_msg', {
        body: {
          welcome_code: welcomeCode,
          attachments: [{ msgtype: 'image', image: { media_id: jpg.media_id } }],
        },
      }),
    ).toMatchObject({ errcode: 40007 })
  })
})

describe('sandbox state file', () => {
  it('brings ways back on a new port with qr_code pointing at the new port', async () => {
    const stateFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'sbx-state-')), 'state.json')
    const first = await startSandbox({ stateFile, secret: 'keep' })
    const id = await addWay(first, { state: 'persisted' })
    await first.stop()
    expect(existsSync(stateFile)).toBe(true)
    const second = await sandbox({ stateFile, secret: 'keep' })
    const view = (await call(second, 'externalcontact/get_contact_way', { body: { config_id: id } }))
      .contact_way as Json
    expect(view.qr_code).toBe(`${second.apiBase}/sandbox/qr/${id}.png`)
    expect((await fetch(String(view.qr_code))).status).toBe(200)
  })

  it('moves an unreadable state file aside and starts from the seed instead', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sbx-bad-'))
    const stateFile = path.join(dir, 'state.json')
    writeFileSync(stateFile, '{"corpId": 42')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const s = await sandbox({ stateFile })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('moved to'))
    warn.mockRestore()
    expect(readdirSync(dir).some((f) => f.startsWith('state.json.bad-'))).toBe(true)
    expect(await call(s, 'user/get', { query: { userid: 'zhangwei' } })).toMatchObject({ errcode: 0 })
  })
})

describe('sandbox strict like WeCom', () => {
  const halfAdded = async (s: Sandbox) => {
    s.control.setMemberHalfAdd('liuyang', true)
    await addWay(s, { state: 'halfst', user: ['liuyang'] })
    return s.control.scan({ state: 'halfst' })
  }

  it('a half-add is no relation until the member confirms: 84061 on mark_tag and remark, not listed', async () => {
    const s = await sandbox()
    const scan = await halfAdded(s)
    const tag = (
      (await call(s, 'externalcontact/get_corp_tag_list', { body: {} })).tag_group as {
        tag: { id: string }[]
      }[]
    )[0]!.tag[0]!.id
    const pair = { userid: 'liuyang', external_userid: scan.externalUserid }
    expect(await call(s, 'externalcontact/mark_tag', { body: { ...pair, add_tag: [tag] } })).toMatchObject({
      errcode: 84061,
    })
    expect(await call(s, 'externalcontact/remark', { body: { ...pair, remark: '客户A' } })).toMatchObject({
      errcode: 84061,
    })
    const listedIds = async () =>
      (
        (
          await call(s, 'externalcontact/batch/get_by_user', {
            body: { userid_list: ['liuyang'], limit: 100 },
          })
        ).external_contact_list as { external_contact: { external_userid: string } }[]
      ).map((c) => c.external_contact.external_userid)
    expect(await listedIds()).not.toContain(scan.externalUserid)

    await s.control.confirmHalfAdd('liuyang', scan.externalUserid)
    expect(await listedIds()).toContain(scan.externalUserid)
    expect(await call(s, 'externalcontact/mark_tag', { body: { ...pair, add_tag: [tag] } })).toMatchObject({
      errcode: 0,
    })
    expect(
      await call(s, 'externalcontact/remark', { body: { ...pair, remark: '客户A', description: '海报' } }),
    ).toMatchObject({ errcode: 0 })
    expect(s.control.remarks.at(-1)).toMatchObject({ remark: '客户A', description: '海报' })
    expect(
      await call(s, 'externalcontact/remark', { body: { ...pair, remark: '一'.repeat(21) } }),
    ).toMatchObject({ errcode: 40058 })
  })

  it('gives the same token while it is valid, and a new one after it lapsed', async () => {
    let now = Date.UTC(2026, 0, 1)
    const s = await sandbox({ now: () => now, tokenTtlSeconds: 7200 })
    const first = await getToken(s)
    now += 3600_000
    const again = await getToken(s)
    expect(again.access_token).toBe(first.access_token)
    expect(again.expires_in).toBe(3600)
    now += 3601_000
    expect((await getToken(s)).access_token).not.toBe(first.access_token)
  })

  it('checks the HTTP method of each endpoint: 43001 needs GET, 43002 needs POST', async () => {
    const s = await sandbox()
    const token = String((await getToken(s)).access_token)
    const hit = async (path: string, method: string) =>
      (await (
        await fetch(`${s.apiBase}/cgi-bin/${path}?access_token=${token}`, {
          method,
          ...(method === 'POST' ? { body: '{}' } : {}),
        })
      ).json()) as Json
    expect(await hit('externalcontact/get_follow_user_list', 'POST')).toMatchObject({ errcode: 43001 })
    expect(await hit('externalcontact/list_contact_way', 'GET')).toMatchObject({ errcode: 43002 })
    expect(await hit('externalcontact/get_follow_user_list', 'GET')).toMatchObject({ errcode: 0 })
  })

  it('lists no way made before 2021-07-10, and refuses a window over 90 days', async () => {
    let now = Date.parse('2021-07-01T12:00:00+08:00')
    const s = await sandbox({ now: () => now })
    const old = await addWay(s, { state: 'old' })
    now = Date.parse('2021-08-01T12:00:00+08:00')
    const recent = await addWay(s, { state: 'new' })
    const list = async (start: number, end: number) =>
      call(s, 'externalcontact/list_contact_way', { body: { start_time: start, end_time: end } })
    const nowS = Math.floor(now / 1000)
    const listed = (await list(nowS - 89 * 86_400, nowS)).contact_way as { config_id: string }[]
    expect(listed.map((w) => w.config_id)).toEqual([recent])
    expect(listed.map((w) => w.config_id)).not.toContain(old)
    expect(await list(nowS - 91 * 86_400, nowS)).toMatchObject({ errcode: 40058 })
  })

  it.each([
    { keeps: false, after: [] },
    { keeps: true, after: [2] },
  ])(
    'update_contact_way without party: party is $after when the switch says keeps=$keeps',
    async ({ keeps, after }) => {
      const s = await sandbox({ updateKeepsOmittedParty: keeps })
      const id = await addWay(s, { type: 2, user: ['zhangwei'], party: [2] })
      expect(s.control.contactWay(id)?.party).toEqual([2])
      const answer = await call(s, 'externalcontact/update_contact_way', {
        body: { config_id: id, remark: 'r', state: 's', skip_verify: true, user: ['zhangwei'] },
      })
      expect(answer.errcode).toBe(0)
      expect(s.control.contactWay(id)?.party).toEqual(after)
    },
  )

  it('answers 45033 when too many calls of one API are in flight', async () => {
    const s = await sandbox({ maxConcurrentPerApi: 2, latencyMs: 100 })
    const token = String((await getToken(s)).access_token)
    const answers = await Promise.all(
      Array.from(
        { length: 5 },
        async () =>
          (await (
            await fetch(`${s.apiBase}/cgi-bin/externalcontact/get_follow_user_list?access_token=${token}`)
          ).json()) as Json,
      ),
    )
    const codes = answers.map((a) => a.errcode).sort()
    expect(codes.filter((c) => c === 0)).toHaveLength(2)
    expect(codes.filter((c) => c === 45033)).toHaveLength(3)
  })

  it('a member who leaves is gone from the lists and 60111 to calls naming them; an unlicensed one is in fail_info', async () => {
    const s = await sandbox()
    s.control.memberLeaves('lina')
    const follow = (await call(s, 'externalcontact/get_follow_user_list')).follow_user as string[]
    expect(follow).not.toContain('lina')
    expect(await call(s, 'user/get', { query: { userid: 'lina' } })).toMatchObject({ errcode: 60111 })
    const dept2 = (await call(s, 'user/list', { query: { department_id: '2' } })).userlist as {
      userid: string
    }[]
    expect(dept2.map((u) => u.userid)).not.toContain('lina')
    expect(
      await call(s, 'externalcontact/add_contact_way', { body: way({ type: 2, user: ['lina'] }) }),
    ).toMatchObject({ errcode: 60111 })

    s.control.setMemberUnlicensed('zhangwei', true)
    const batch = await call(s, 'externalcontact/batch/get_by_user', {
      body: { userid_list: ['zhangwei', 'wangfang'], limit: 100 },
    })
    expect(batch.fail_info).toEqual({ unlicensed_userid_list: ['zhangwei'] })
    const owners = (batch.external_contact_list as { follow_info: { userid: string } }[]).map(
      (c) => c.follow_info.userid,
    )
    expect(owners).not.toContain('zhangwei')
  })

  it('answers 41051 when another app of the corp sent its welcome first', async () => {
    const s = await sandbox()
    s.control.setMemberOtherAppWelcome('zhangwei', true)
    await addWay(s, { state: 'other' })
    const scan = await s.control.scan({ state: 'other' })
    expect(
      await call(s, 'externalcontact/send_welcome_msg', {
        body: { welcome_code: scan.welcomeCode, text: { content: '你好' } },
      }),
    ).toMatchObject({ errcode: 41051 })
  })

  it('takes transfers: 在职继承 needs a current member, 离职继承 one who left; transfer_result says where they are', async () => {
    let now = Date.UTC(2026, 5, 1)
    const s = await sandbox({ now: () => now })
    await addWay(s, { state: 'tx', user: ['zhangwei'] })
    const a = await s.control.scan({ state: 'tx' })
    const b = await s.control.scan({ state: 'tx' })
    const onjob = await call(s, 'externalcontact/transfer_customer', {
      body: {
        handover_userid: 'zhangwei',
        takeover_userid: 'wangfang',
        external_userid: [a.externalUserid, 'wmnobody'],
      },
    })
    expect(onjob.customer).toEqual([
      { external_userid: a.externalUserid, errcode: 0 },
      { external_userid: 'wmnobody', errcode: 84061 },
    ])
    expect(
      await call(s, 'externalcontact/resigned/transfer_customer', {
        body: {
          handover_userid: 'zhangwei',
          takeover_userid: 'wangfang',
          external_userid: [b.externalUserid],
        },
      }),
    ).toMatchObject({ errcode: 40097 })
    const result = async () =>
      (
        await call(s, 'externalcontact/transfer_result', {
          body: { handover_userid: 'zhangwei', takeover_userid: 'wangfang' },
        })
      ).customer as { external_userid: string; status: number }[]
    expect(await result()).toEqual([
      expect.objectContaining({ external_userid: a.externalUserid, status: 2 }),
    ])
    // Nothing moves inside WeCom's 24 hours; after them it is done.
    expect(await s.control.settleTransfers()).toBe(0)
    now += 86_400_000
    expect(await s.control.settleTransfers()).toBe(1)
    expect(await result()).toEqual([
      expect.objectContaining({ external_userid: a.externalUserid, status: 1 }),
    ])

    s.control.memberLeaves('zhangwei')
    const resigned = await call(s, 'externalcontact/resigned/transfer_customer', {
      body: { handover_userid: 'zhangwei', takeover_userid: 'lina', external_userid: [b.externalUserid] },
    })
    expect(resigned.customer).toEqual([{ external_userid: b.externalUserid, errcode: 0 }])
  })

  it('can answer -1 after the call took effect (the way exists though the answer says failed)', async () => {
    const s = await sandbox()
    s.control.injectFault({
      path: '/cgi-bin/externalcontact/add_contact_way',
      errcode: -1,
      afterEffect: true,
    })
    expect(await call(s, 'externalcontact/add_contact_way', { body: way({ state: 'ghost' }) })).toMatchObject(
      {
        errcode: -1,
      },
    )
    const list = await call(s, 'externalcontact/list_contact_way', { body: {} })
    expect((list.contact_way as unknown[]).length).toBe(1)
    // Used up: the next call is normal.
    expect(await call(s, 'externalcontact/add_contact_way', { body: way({ state: 'real' }) })).toMatchObject({
      errcode: 0,
    })
  })
})
