// @vitest-environment jsdom
// The renderer's bridge client: one function per contract call, results unwrapped, failures thrown as
// BridgeError (with fields), network failures as OFFLINE, and the token taken out of the address bar.

import { describe, expect, it, vi } from 'vitest'
import { BridgeError } from '../../common/bridge-result'
import { callNames, type RawApi } from '../../common/contract'
import { createApi, createHttpApi, createIpcApi, takeToken, unwrap } from '../../renderer/api'

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

describe('the HTTP bridge client', () => {
  it('sends every call of the contract to its own /api/<call>', async () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: null }))
    const api = createHttpApi({ token: 't', fetch })
    for (const name of callNames) await (api[name] as (input: unknown) => Promise<unknown>)({})
    expect(fetch.mock.calls.map((c) => (c as unknown as [string])[0])).toEqual(
      callNames.map((name) => `/api/${name}`),
    )
  })

  it('posts the input as JSON to /api/<call> with the bearer token and unwraps an ok result', async () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: { id: 7, name: '门店海报' } }))
    const api = createHttpApi({ token: 'secret-token', fetch })
    const code = await api.getCode({ id: 7 })
    expect(code).toEqual({ id: 7, name: '门店海报' })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/getCode')
    expect(init.method).toBe('POST')
    expect(JSON.parse(String(init.body))).toEqual({ id: 7 })
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer secret-token')
  })

  it('throws a BridgeError carrying the code, message and field errors of a failed result', async () => {
    const failure = {
      ok: false,
      code: 'VALIDATION',
      message: '请输入渠道活码名称',
      fields: { name: '请输入渠道活码名称', 'welcome.text': '欢迎语过长' },
    }
    const api = createHttpApi({ token: 't', fetch: vi.fn(async () => jsonResponse(failure)) })
    const error = await api.createCode({} as never).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BridgeError)
    expect((error as BridgeError).code).toBe('VALIDATION')
    expect((error as BridgeError).message).toBe('请输入渠道活码名称')
    expect((error as BridgeError).fields).toEqual(failure.fields)
  })

  it('reads the failure body of a non-200 answer too (401 without a valid token)', async () => {
    const api = createHttpApi({
      token: null,
      fetch: vi.fn(async () =>
        jsonResponse({ ok: false, code: 'UNAUTHORIZED', message: '访问令牌无效' }, 401),
      ),
    })
    await expect(api.getWorkspace({})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: '访问令牌无效',
    })
  })

  it('turns a network failure into an OFFLINE BridgeError with a Chinese message', async () => {
    const api = createHttpApi({
      token: 't',
      fetch: vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    })
    const error = (await api.getSyncStatus({}).catch((e: unknown) => e)) as BridgeError
    expect(error).toBeInstanceOf(BridgeError)
    expect(error.code).toBe('OFFLINE')
    expect(error.message).toMatch(/无法连接/)
  })

  it('treats a body that is not JSON as an internal error, never leaking the raw text', async () => {
    const api = createHttpApi({
      token: 't',
      fetch: vi.fn(async () => new Response('<html>oops', { status: 502 })),
    })
    await expect(api.getWorkspace({})).rejects.toMatchObject({ code: 'INTERNAL' })
  })
})

describe('the IPC bridge client', () => {
  it('unwraps the preload results and throws their failures', async () => {
    const raw = Object.fromEntries(
      callNames.map((name) => [name, vi.fn(async () => ({ ok: true, value: name }))]),
    ) as unknown as RawApi
    ;(raw as unknown as Record<string, unknown>).deleteCode = vi.fn(async () => ({
      ok: false,
      code: 'NOT_FOUND',
      message: '活码不存在',
    }))
    const api = createIpcApi(raw)
    expect(await api.listCreators({})).toBe('listCreators')
    await expect(api.deleteCode({ id: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: '活码不存在',
    })
  })

  it('is chosen when window.api exists', async () => {
    const raw = Object.fromEntries(
      callNames.map((name) => [name, vi.fn(async () => ({ ok: true, value: `ipc:${name}` }))]),
    ) as unknown as RawApi
    const api = createApi({ api: raw } as unknown as Window)
    expect(await api.getAppInfo({})).toBe('ipc:getAppInfo')
  })

  it('rejects results that are not BridgeResults', () => {
    expect(() => unwrap({ hello: 1 })).toThrow(BridgeError)
  })
})

describe('the page token', () => {
  it('is taken from ?token=, kept in sessionStorage and removed from the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1#/codes')
    const token = takeToken({
      location: window.location,
      storage: window.sessionStorage,
      history: window.history,
    })
    expect(token).toBe('abc123')
    expect(window.location.search).toBe('?x=1')
    expect(window.location.hash).toBe('#/codes')
    expect(window.sessionStorage.getItem('bridge-token')).toBe('abc123')
    // After a reload without the query the stored token is used.
    expect(
      takeToken({ location: window.location, storage: window.sessionStorage, history: window.history }),
    ).toBe('abc123')
  })
})
