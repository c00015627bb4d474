import http from 'node:http'
import { encrypt, getSignature } from '@wecom/crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { PNG } from 'pngjs'
import { sealCallback } from '../../wecom/callback-crypto'
import { relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'

let world: RelayWorld | null = null
afterEach(async () => {
  await world?.stop()
  world = null
})

function imageBase64(): string {
  const png = new PNG({ width: 8, height: 8 })
  png.data.fill(200)
  return PNG.sync.write(png).toString('base64')
}

/** Posts with node:http so an early 413 (the relay stops reading) is seen rather than a reset. */
function postRaw(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function tagIds(w: RelayWorld): Promise<string[]> {
  const { createWeComClient } = await import('../../wecom')
  const client = createWeComClient({
    apiBase: w.sandbox.apiBase,
    corpId: w.sandbox.corpId,
    secret: w.sandbox.secret,
  })
  const groups = await client.getCorpTagList()
  return [groups[0]!.tag[0]!.id, groups[2]!.tag[1]!.id]
}

describe('the relay between WeCom and the desktops', () => {
  it('stores a scan, sends the text + image welcome within the window and applies the tags', async () => {
    world = await relayWorld()
    const tags = await tagIds(world)
    const policy = await wayWithPolicy(world, {
      memberUserids: ['zhangwei'],
      tagIds: tags,
      welcome: {
        mode: 'own',
        text: '您好，欢迎光临！',
        attachment: { kind: 'image', fileName: 'w.png', mimeType: 'image/png', dataBase64: imageBase64() },
      },
    })
    const scan = await world.sandbox.control.scan({ state: policy.state })
    const events = await world.api('GET', '/events?after=0')
    expect(events.body.events).toEqual([
      expect.objectContaining({
        changeType: 'add_external_contact',
        userid: 'zhangwei',
        externalUserid: scan.externalUserid,
        state: policy.state,
      }),
    ])
    const welcome = await waitFor(() =>
      world!.sandbox.control.sentWelcomes.find((w) => w.externalUserid === scan.externalUserid),
    )
    expect(welcome.text).toBe('您好，欢迎光临！')
    expect(welcome.attachments).toEqual([{ msgtype: 'image', image: { media_id: expect.any(String) } }])
    expect(welcome.at - world.sandbox.control.callbacks.at(-1)!.at).toBeLessThan(20_000)
    const marked = await waitFor(() =>
      world!.sandbox.control.markedTags.find((t) => t.externalUserid === scan.externalUserid),
    )
    expect(marked.addTag.sort()).toEqual([...tags].sort())

    // A second customer: the image's media_id is reused rather than uploaded again.
    const second = await world.sandbox.control.scan({ state: policy.state })
    const again = await waitFor(() =>
      world!.sandbox.control.sentWelcomes.find((w) => w.externalUserid === second.externalUserid),
    )
    expect(again.attachments).toEqual(welcome.attachments)
    expect(world.sandbox.control.calls['/cgi-bin/media/upload']).toBe(1)

    // WeCom has the welcome before the relay has committed its outcome: wait for the outcomes.
    const statuses = async (): Promise<string[]> =>
      ((await world!.api('GET', '/actions?after=0')).body.actions as { kind: string; status: string }[]).map(
        (a) => `${a.kind}:${a.status}`,
      )
    const settled = await waitFor(async () => {
      const now = await statuses()
      return now.length === 4 && !now.some((s) => s.endsWith(':pending')) ? now : null
    })
    expect(settled.filter((s) => s === 'welcome:done')).toHaveLength(2)
    expect(settled.filter((s) => s === 'tags:done')).toHaveLength(2)
  })

  it('never skips a code on 默认欢迎语 silently: without a default the job fails, saying why', async () => {
    world = await relayWorld()
    const policy = await wayWithPolicy(world, {
      memberUserids: ['lina'],
      welcome: { mode: 'default', text: '', attachment: null },
    })
    const scan = await world.sandbox.control.scan({ state: policy.state })
    const job = await waitFor(async () => {
      const actions = (await world!.api('GET', '/actions?after=0')).body.actions as {
        kind: string
        status: string
        externalUserid: string
        lastError: string | null
      }[]
      return actions.find(
        (x) => x.externalUserid === scan.externalUserid && x.kind === 'welcome' && x.status !== 'pending',
      )
    })
    expect(job).toMatchObject({ status: 'failed', lastError: expect.stringContaining('默认欢迎语') })
    expect(world.sandbox.control.sentWelcomes).toEqual([])
  })

  it('uses the workspace default welcome, or sends none, as the code says', async () => {
    world = await relayWorld()
    await world.api('PUT', '/settings', {
      timeZone: 'Asia/Shanghai',
      defaultWelcome: { text: '默认欢迎语', attachment: null },
    })
    const byDefault = await wayWithPolicy(world, {
      memberUserids: ['lina'],
      welcome: { mode: 'default', text: '', attachment: null },
    })
    const none = await wayWithPolicy(world, {
      memberUserids: ['liuyang'],
      welcome: { mode: 'none', text: '', attachment: null },
    })
    const a = await world.sandbox.control.scan({ state: byDefault.state })
    const b = await world.sandbox.control.scan({ state: none.state })
    const sent = await waitFor(() =>
      world!.sandbox.control.sentWelcomes.find((w) => w.externalUserid === a.externalUserid),
    )
    expect(sent.text).toBe('默认欢迎语')
    await waitFor(async () => {
      const actions = (await world!.api('GET', '/actions?after=0')).body.actions as {
        kind: string
        status: string
        externalUserid: string
      }[]
      return actions.some(
        (x) => x.externalUserid === b.externalUserid && x.kind === 'welcome' && x.status === 'skipped',
      )
    })
    expect(world.sandbox.control.sentWelcomes.some((w) => w.externalUserid === b.externalUserid)).toBe(false)
  })

  it('flips skip_verify at the schedule edges in the corp time zone', async () => {
    // 2026-11-23 is a Monday. 08:59 Shanghai = 00:59 UTC.
    let clock = Date.UTC(2026, 10, 23, 0, 59)
    world = await relayWorld({ relay: { now: () => clock, schedulerTickMs: 30 } })
    await world.api('PUT', '/settings', {
      timeZone: 'Asia/Shanghai',
      defaultWelcome: { text: '', attachment: null },
    })
    const policy = await wayWithPolicy(world, {
      memberUserids: ['zhangwei'],
      autoAccept: { mode: 'scheduled', windows: [{ weekday: 1, start: '09:00', end: '18:00' }] },
    })
    // Pushed at 08:59: the desktop set skip_verify itself; the relay leaves it until the edge.
    clock = Date.UTC(2026, 10, 23, 1, 0) // 09:00 Shanghai
    await waitFor(() => world!.sandbox.control.contactWay(policy.configId)?.skip_verify === true, 3000)
    await world.sandbox.control.scan({ state: policy.state })
    clock = Date.UTC(2026, 10, 23, 10, 0) // 18:00 Shanghai
    await waitFor(() => world!.sandbox.control.contactWay(policy.configId)?.skip_verify === false, 3000)
    const way = world.sandbox.control.contactWay(policy.configId)!
    expect(way).toMatchObject({ state: policy.state, user: ['zhangwei'], remark: '测试活码' })
  })

  it('answers WeCom URL verification with the decrypted echostr only', async () => {
    world = await relayWorld()
    const echo = encrypt(world.sandbox.encodingAesKey, 'echo-1234567', world.sandbox.corpId)
    const sig = getSignature(world.sandbox.token, 1700000000, 'n1', echo)
    const res = await fetch(
      `${world.callbackUrl}?msg_signature=${sig}&timestamp=1700000000&nonce=n1&echostr=${encodeURIComponent(echo)}`,
    )
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('echo-1234567')
  })

  it('refuses bad callbacks with a clear status and never stores them', async () => {
    world = await relayWorld()
    const id = {
      corpId: world.sandbox.corpId,
      token: world.sandbox.token,
      encodingAesKey: world.sandbox.encodingAesKey,
    }
    const { query, body } = sealCallback(id, '<xml><Event>change_external_contact</Event></xml>')
    const badSig = query.replace(/msg_signature=[0-9a-f]+/, 'msg_signature=' + '0'.repeat(40))
    expect((await fetch(`${world.callbackUrl}?${badSig}`, { method: 'POST', body })).status).toBe(401)
    expect(
      (await fetch(`${world.relay.url}/callback/customerEvent/wwnobody?${query}`, { method: 'POST', body }))
        .status,
    ).toBe(404)
    const wrongCorp = sealCallback({ ...id, corpId: 'wwothercorp' }, '<xml><Event>x</Event></xml>')
    expect(
      (await fetch(`${world.callbackUrl}?${wrongCorp.query}`, { method: 'POST', body: wrongCorp.body }))
        .status,
    ).toBe(403)
    expect(
      (await fetch(`${world.callbackUrl}?${query}`, { method: 'POST', body: '<xml><oops' })).status,
    ).toBe(400)
    expect(await postRaw(`${world.callbackUrl}?${query}`, 'x'.repeat(400 * 1024))).toBe(413)
    expect((await world.api('GET', '/events?after=0')).body.events).toEqual([])
  })

  it('stores an unknown ChangeType without acting on it, and stores a replay once', async () => {
    world = await relayWorld()
    const policy = await wayWithPolicy(world, { memberUserids: ['zhangwei'] })
    expect(
      await world.post({
        changeType: 'some_future_change',
        userid: 'zhangwei',
        externalUserid: 'wmX',
        state: policy.state,
      }),
    ).toBe(200)
    const replay = {
      changeType: 'add_external_contact',
      userid: 'zhangwei',
      externalUserid: 'wmY',
      state: policy.state,
      createTime: 1_800_000_000,
    }
    expect(await world.post(replay)).toBe(200)
    expect(await world.post(replay)).toBe(200)
    const events = (await world.api('GET', '/events?after=0')).body.events as { changeType: string }[]
    expect(events.map((e) => e.changeType)).toEqual(['some_future_change', 'add_external_contact'])
    // The jobs run in order: once wmY's are done, wmX (an unknown change) has had its chance to make any.
    const actions = await waitFor(async () => {
      const all = (await world!.api('GET', '/actions?after=0')).body.actions as {
        externalUserid: string
        status: string
      }[]
      const mine = all.filter((a) => a.externalUserid === 'wmY')
      return mine.length > 0 && mine.every((a) => a.status !== 'pending') && all
    })
    expect(actions.filter((a) => a.externalUserid === 'wmX')).toHaveLength(0)
    expect(actions.filter((a) => a.externalUserid === 'wmY')).toHaveLength(1)
  })

  it('keeps each corp to its own data and refuses unknown keys', async () => {
    world = await relayWorld()
    const policy = await wayWithPolicy(world, { memberUserids: ['zhangwei'] })
    await world.sandbox.control.scan({ state: policy.state })
    expect((await world.api('GET', '/events?after=0')).body.events).toHaveLength(1)
    expect(
      (await world.api('GET', '/events?after=0', undefined, 'other-corp-key-0123456789')).body.events,
    ).toEqual([])
    expect((await world.api('GET', '/events?after=0', undefined, 'nope-nope-nope-nope')).status).toBe(401)
    const health = await world.api('GET', '/health')
    expect(health.body).toMatchObject({ corpId: world.sandbox.corpId, wecomOk: true, policies: 1 })
    const bad = await world.api('PUT', `/policies/${policy.state}`, { ...policy, tagIds: 'x' })
    expect(bad.status).toBe(400)
    expect(typeof bad.body.message).toBe('string')
  })

  it('rate-limits the desktop API per corp with 429 and Retry-After', async () => {
    world = await relayWorld()
    const statuses: number[] = []
    let retryAfter: string | null = null
    for (let i = 0; i < 605; i++) {
      const res = await fetch(`${world.relay.url}/api/v1/events?after=0&limit=1`, {
        headers: { authorization: 'Bearer test-relay-key-0123456789' },
      })
      statuses.push(res.status)
      if (res.status === 429) retryAfter = res.headers.get('retry-after')
      await res.arrayBuffer()
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(600)
    expect(statuses.filter((s) => s === 429)).toHaveLength(5)
    expect(Number(retryAfter)).toBeGreaterThan(0)
    // The other corp has its own budget.
    expect((await world.api('GET', '/events?after=0', undefined, 'other-corp-key-0123456789')).status).toBe(
      200,
    )
  })
})
