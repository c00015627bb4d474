// The loopback host: token, Host and Origin checks, a capped body, and the contract dispatched.
import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { startHost, type Host } from '../../main/host/server'
import { recordingHandlers } from '../fixtures/handlers'

let host: Host | null = null
afterEach(async () => {
  await host?.stop()
  host = null
})

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${host!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('the loopback HTTP host', () => {
  it('serves the contract on 127.0.0.1 to a caller with the launch token', async () => {
    const { handlers, reached } = recordingHandlers()
    host = await startHost({ handlers })
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(host.openUrl).toContain(`token=${encodeURIComponent(host.token)}`)
    const res = await post('/api/getCode', { id: 7 }, { authorization: `Bearer ${host.token}` })
    expect(res).toEqual({ status: 200, body: { ok: true, value: { reached: 'getCode' } } })
    expect(reached).toEqual([{ name: 'getCode', input: { id: 7 } }])
  })

  it('refuses calls without the token or with a wrong one', async () => {
    const { handlers, reached } = recordingHandlers()
    host = await startHost({ handlers })
    expect((await post('/api/getWorkspace', {})).status).toBe(401)
    expect((await post('/api/getWorkspace', {}, { authorization: `Bearer ${host.token}x` })).status).toBe(401)
    expect(reached).toHaveLength(0)
  })

  it('refuses a foreign Origin and a rebinding Host header', async () => {
    const { handlers, reached } = recordingHandlers()
    host = await startHost({ handlers })
    const auth = { authorization: `Bearer ${host.token}` }
    expect((await post('/api/getWorkspace', {}, { ...auth, origin: 'https://evil.example' })).status).toBe(
      403,
    )
    // fetch() will not send a custom Host header, so speak HTTP directly as a rebinding page's browser would.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host!.port,
          path: '/api/getWorkspace',
          method: 'POST',
          headers: { ...auth, host: 'evil.example' },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end('{}')
    })
    expect(status).toBe(421)
    expect(reached).toHaveLength(0)
  })

  it('validates input exactly as IPC does and answers bad JSON with 400', async () => {
    const { handlers } = recordingHandlers()
    host = await startHost({ handlers })
    const auth = { authorization: `Bearer ${host.token}` }
    const bad = await post('/api/getCode', { id: -1 }, auth)
    expect(bad.body).toMatchObject({ ok: false, code: 'VALIDATION' })
    const res = await fetch(`${host.url}/api/getCode`, { method: 'POST', headers: auth, body: '{nope' })
    expect(res.status).toBe(400)
    expect((await post('/api/__proto__', {}, auth)).body).toMatchObject({ ok: false, code: 'UNKNOWN_CALL' })
  })

  it('caps the request body: 413, and the call never runs', async () => {
    const { handlers, reached } = recordingHandlers()
    host = await startHost({ handlers, maxBodyBytes: 1024 })
    const body = JSON.stringify({ name: 'x'.repeat(5000) })
    // node:http, so the early 413 (the host stops reading) is seen rather than a reset socket.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${host!.url}/api/createCode`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${host!.token}`, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
    expect(status).toBe(413)
    expect(reached).toEqual([])
  })
})
