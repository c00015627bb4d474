// The WeCom client's resilience, against a tiny scripted server: one shared token refresh, one retry
// on a stale token, backoff on busy/rate errors, no retry on a bad secret, timeouts, the limiter.

import http from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createWeComClient, WeComError, WeComNetworkError } from '../../wecom'
import { RateLimiter } from '../../wecom/rate-limiter'

type Reply = (path: string, url: URL, body: string) => unknown | Promise<unknown>

let server: http.Server | null = null
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
  server = null
})

async function fake(reply: Reply) {
  const hits: Record<string, number> = {}
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    hits[url.pathname] = (hits[url.pathname] ?? 0) + 1
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      void Promise.resolve(reply(url.pathname, url, body)).then((answer) => {
        if (answer === 'hang') return
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(answer))
      })
    })
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()))
  const port = (server!.address() as { port: number }).port
  const client = createWeComClient({
    apiBase: `http://127.0.0.1:${port}`,
    corpId: 'wwtest',
    secret: 'secret-123',
    backoffBaseMs: 5,
    timeoutMs: 300,
  })
  return { client, hits }
}

const token = { errcode: 0, access_token: 'T1', expires_in: 7200 }

describe('the WeCom client', () => {
  it('shares one token refresh among concurrent callers', async () => {
    const { client, hits } = await fake(async (p) => {
      if (p === '/cgi-bin/gettoken') {
        await new Promise((r) => setTimeout(r, 50))
        return token
      }
      return { errcode: 0, follow_user: ['a'] }
    })
    await Promise.all(Array.from({ length: 10 }, () => client.getFollowUserList()))
    expect(hits['/cgi-bin/gettoken']).toBe(1)
    expect(hits['/cgi-bin/externalcontact/get_follow_user_list']).toBe(10)
  })

  it('refreshes the token once and retries when WeCom says it expired', async () => {
    let tokens = 0
    let calls = 0
    const { client } = await fake((p, url) => {
      if (p === '/cgi-bin/gettoken') return { ...token, access_token: `T${++tokens}` }
      calls++
      return url.searchParams.get('access_token') === 'T1'
        ? { errcode: 42001, errmsg: 'expired' }
        : { errcode: 0, follow_user: ['a'] }
    })
    expect(await client.getFollowUserList()).toEqual(['a'])
    expect(tokens).toBe(2)
    expect(calls).toBe(2)
  })

  it('gives up after one refresh when the token stays invalid', async () => {
    const { client } = await fake((p) =>
      p === '/cgi-bin/gettoken' ? token : { errcode: 40014, errmsg: 'invalid' },
    )
    await expect(client.getFollowUserList()).rejects.toMatchObject({ name: 'WeComError', errcode: 40014 })
  })

  it('never retries a bad secret (WeCom blocks IPs that keep trying)', async () => {
    const { client, hits } = await fake(() => ({ errcode: 40001, errmsg: 'invalid credential' }))
    const error = await client.getFollowUserList().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WeComError)
    expect((error as WeComError).message).toContain('Secret 不正确')
    expect(hits['/cgi-bin/gettoken']).toBe(1)
  })

  it('backs off and retries on system busy and on the frequency cap', async () => {
    let n = 0
    const { client } = await fake((p) => {
      if (p === '/cgi-bin/gettoken') return token
      n++
      return n === 1 ? { errcode: -1 } : n === 2 ? { errcode: 45009 } : { errcode: 0, follow_user: ['ok'] }
    })
    expect(await client.getFollowUserList()).toEqual(['ok'])
    expect(n).toBe(3)
  })

  it('stops retrying after the configured attempts with the Chinese message', async () => {
    const { client, hits } = await fake((p) => (p === '/cgi-bin/gettoken' ? token : { errcode: 45009 }))
    await expect(client.getFollowUserList()).rejects.toThrow('调用企业微信过于频繁')
    expect(hits['/cgi-bin/externalcontact/get_follow_user_list']).toBe(4)
  })

  it('turns a timeout into a network error the app shows as offline', async () => {
    const { client } = await fake((p) => (p === '/cgi-bin/gettoken' ? token : 'hang'))
    await expect(
      client.sendWelcomeMsg({ welcome_code: 'x', text: { content: 'hi' } }),
    ).rejects.toBeInstanceOf(WeComNetworkError)
  })

  it('treats an unknown config_id on delete as already gone, and no customers as an empty list', async () => {
    const { client } = await fake((p) =>
      p === '/cgi-bin/gettoken'
        ? token
        : p.endsWith('del_contact_way')
          ? { errcode: 41044 }
          : { errcode: 84061 },
    )
    await expect(client.delContactWay('gone')).resolves.toBeUndefined()
    await expect(client.listExternalContacts('zhangsan')).resolves.toEqual([])
  })

  it('always sends skip_verify explicitly and uploads media as multipart field "media"', async () => {
    const bodies: Record<string, string> = {}
    const { client } = await fake((p, _u, body) => {
      bodies[p] = body
      if (p === '/cgi-bin/gettoken') return token
      if (p.endsWith('add_contact_way')) return { errcode: 0, config_id: 'c1', qr_code: 'https://q/1.png' }
      return { errcode: 0, media_id: 'm1', created_at: '1700000000' }
    })
    await client.addContactWay({
      type: 1,
      scene: 2,
      remark: 'r',
      skip_verify: false,
      state: 's',
      user: ['u'],
    })
    expect(JSON.parse(bodies['/cgi-bin/externalcontact/add_contact_way']!)).toMatchObject({
      skip_verify: false,
    })
    const media = await client.uploadMedia({
      type: 'image',
      fileName: 'a.png',
      mimeType: 'image/png',
      data: Buffer.from('PNGDATA!'),
    })
    expect(media).toEqual({ media_id: 'm1', created_at: 1700000000 })
    expect(bodies['/cgi-bin/media/upload']).toMatch(/name="media"; filename="a.png"/)
  })

  it('rejects a malformed answer with a clear error instead of crashing later', async () => {
    const { client } = await fake((p) =>
      p === '/cgi-bin/gettoken' ? token : { errcode: 0, contact_way: { nope: 1 } },
    )
    await expect(client.getContactWay('c')).rejects.toMatchObject({ errcode: -2 })
  })
})

describe('the client-side rate limiter', () => {
  it('caps calls in flight', async () => {
    const limiter = new RateLimiter(1000, 2)
    let peak = 0
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        await limiter.acquire()
        peak = Math.max(peak, limiter.active)
        await new Promise((r) => setTimeout(r, 10))
        limiter.release()
      }),
    )
    expect(peak).toBe(2)
  })

  it('gives each API its own minute: a burst of one does not hold back another (WeCom counts per API)', async () => {
    let now = 0
    const limiter = new RateLimiter(3, 10, () => now)
    for (let i = 0; i < 3; i++) {
      await limiter.acquire('/cgi-bin/externalcontact/send_welcome_msg')
      limiter.release()
    }
    // send_welcome_msg has used its minute; mark_tag has not.
    let tagged = false
    await limiter.acquire('/cgi-bin/externalcontact/mark_tag').then(() => (tagged = true))
    limiter.release()
    expect(tagged).toBe(true)
    vi.useFakeTimers()
    try {
      let fourthWelcome = false
      const pending = limiter
        .acquire('/cgi-bin/externalcontact/send_welcome_msg')
        .then(() => (fourthWelcome = true))
      await vi.advanceTimersByTimeAsync(1000)
      expect(fourthWelcome).toBe(false)
      now = 60_001
      await vi.advanceTimersByTimeAsync(250)
      await pending
      expect(fourthWelcome).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps each API under its hourly budget even when every minute is under its own', async () => {
    let now = 0
    // 3 a minute, 5 an hour: the hour runs out in the second minute.
    const limiter = new RateLimiter(3, 10, () => now, 5)
    const api = '/cgi-bin/externalcontact/get'
    for (let i = 0; i < 3; i++) {
      await limiter.acquire(api)
      limiter.release()
    }
    now = 60_001
    for (let i = 0; i < 2; i++) {
      await limiter.acquire(api)
      limiter.release()
    }
    vi.useFakeTimers()
    try {
      let sixth = false
      const pending = limiter.acquire(api).then(() => (sixth = true))
      now = 2 * 60_000 + 1 // a new minute, but the hour still holds five calls
      await vi.advanceTimersByTimeAsync(1000)
      expect(sixth).toBe(false)
      now = 60 * 60_000 + 1 // the first minute's three calls leave the hour
      await vi.advanceTimersByTimeAsync(250)
      await pending
      expect(sixth).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('holds calls beyond the per-minute budget until the window moves', async () => {
    let now = 0
    const limiter = new RateLimiter(3, 10, () => now)
    for (let i = 0; i < 3; i++) {
      await limiter.acquire()
      limiter.release()
    }
    vi.useFakeTimers()
    try {
      let fourth = false
      const pending = limiter.acquire().then(() => (fourth = true))
      // The limiter re-checks its window every 250 ms: several checks pass, still no budget.
      await vi.advanceTimersByTimeAsync(1000)
      expect(fourth).toBe(false)
      now = 60_001
      await vi.advanceTimersByTimeAsync(250)
      await pending
      expect(fourth).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })
})
