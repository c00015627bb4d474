// The relay client turns every way the relay can fail into a typed error with a Chinese message:
// unreachable, key refused, unknown corp, rate limited (with Retry-After), server error — and an
// answer that is not its route's shape into bad_response, never a cast.

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRelayClient, RelayError } from '../../main/relay-client'

describe('relay client errors', () => {
  let server: http.Server
  let base: string
  const seen: { method: string; url: string; auth: string; body: string }[] = []

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          auth: req.headers.authorization ?? '',
          body,
        })
        const reply = (status: number, data: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers })
          res.end(JSON.stringify(data))
        }
        const url = req.url ?? ''
        if (url.startsWith('/k401/')) return reply(401, { error: 'unauthorized', message: '密钥无效' })
        if (url.startsWith('/k404/')) return reply(404, { error: 'unknown_corp', message: '未知企业' })
        if (url.startsWith('/k429/'))
          return reply(429, { error: 'rate_limited', message: '太快了' }, { 'retry-after': '7' })
        if (url.startsWith('/k500/')) return reply(500, { error: 'internal' })
        if (url.startsWith('/ok/api/v1/events'))
          return reply(200, { events: [], nextCursor: 3, hasMore: false })
        if (url.startsWith('/odd/api/v1/events')) return reply(200, { events: 'not a list' })
        if (url.startsWith('/newer/api/v1/events'))
          return reply(200, {
            events: [
              {
                seq: 1,
                event: 'change_external_contact',
                changeType: 'del_follow_user',
                userid: 'u',
                externalUserid: 'e',
                state: '',
                createTime: 1,
                receivedAt: 2,
                source: '',
                region: 'a field a later relay adds',
              },
            ],
            nextCursor: 1,
            hasMore: false,
            shard: 'another',
          })
        if (url.startsWith('/html/')) {
          res.writeHead(200, { 'content-type': 'text/html' })
          return res.end('<html>captive portal</html>')
        }
        return reply(200, { ok: true })
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  const client = (prefix: string) =>
    createRelayClient({ baseUrl: `${base}/${prefix}/`, apiKey: 'secret-key', timeoutMs: 2000 })

  async function caught(promise: Promise<unknown>): Promise<RelayError> {
    try {
      await promise
    } catch (error) {
      if (error instanceof RelayError) return error
      throw error
    }
    throw new Error('expected a RelayError')
  }

  it('sends the bearer key, the cursor and the policy path', async () => {
    const page = await client('ok').events({ after: 2, limit: 100 })
    expect(page.nextCursor).toBe(3)
    await client('ok').deletePolicy({ state: 'lc a/b' })
    const [events, del] = seen.slice(-2)
    expect(events).toMatchObject({
      method: 'GET',
      url: '/ok/api/v1/events?after=2&limit=100',
      auth: 'Bearer secret-key',
    })
    expect(del).toMatchObject({ method: 'DELETE', url: '/ok/api/v1/policies/lc%20a%2Fb' })
  })

  it('maps 401 to a refused key, 404 to an unknown corp, 429 with Retry-After, 5xx to a server error', async () => {
    const refused = await caught(client('k401').health({}))
    expect(refused).toMatchObject({ kind: 'unauthorized', code: 'RELAY', status: 401 })
    expect(refused.message).toContain('中转服务拒绝了密钥')
    expect(refused.message).toContain('密钥无效')
    expect(await caught(client('k404').health({}))).toMatchObject({ kind: 'unknown_corp', status: 404 })
    const limited = await caught(client('k429').events({ after: 0 }))
    expect(limited).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 })
    expect(limited.message).toContain('7 秒后')
    expect(
      await caught(
        client('k500').putSettings({
          timeZone: 'Asia/Shanghai',
          defaultWelcome: { text: '', attachment: null },
        }),
      ),
    ).toMatchObject({ kind: 'server', status: 500 })
  })

  it('refuses an answer that is not the route’s shape: another version of the relay, a proxy page', async () => {
    expect(await caught(client('odd').events({ after: 0 }))).toMatchObject({ kind: 'bad_response' })
    const portal = await caught(client('html').health({}))
    expect(portal).toMatchObject({ kind: 'bad_response', code: 'RELAY' })
    expect(portal.message).toContain('应答无法识别')
  })

  it('reads a newer relay’s answers, dropping the fields it does not know', async () => {
    const page = await client('newer').events({ after: 0 })
    expect(page).toEqual({
      events: [expect.not.objectContaining({ region: expect.anything() })],
      nextCursor: 1,
      hasMore: false,
    })
    expect(page.events[0]).toMatchObject({ seq: 1, changeType: 'del_follow_user' })
  })

  it('reports an unreachable relay as offline', async () => {
    const error = await caught(createRelayClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k' }).health({}))
    expect(error).toMatchObject({ kind: 'unreachable', code: 'OFFLINE' })
    expect(error.message).toContain('无法连接中转服务')
    expect(error.toFailure()).toMatchObject({ ok: false, code: 'OFFLINE' })
  })
})
