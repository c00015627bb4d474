import { describe, expect, it } from 'vitest'
import type { IpcMainInvokeEvent } from 'electron'
import { callNames, IPC_PREFIX } from '../../common/contract'
import { makeSenderCheck, registerIpc, type IpcMainLike } from '../../main/ipc'
import { secureWindowOptions, sanitizeBounds } from '../../main/window-options'
import { recordingHandlers } from '../fixtures/handlers'

type Listener = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>

function fakeIpcMain() {
  const handlers = new Map<string, Listener>()
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`duplicate ${channel}`)
      handlers.set(channel, listener as Listener)
    },
    removeHandler: (channel) => handlers.delete(channel),
  }
  return { ipc, handlers }
}

const appUrl = 'file:///opt/app/dist/renderer/'
const event = (url: string, parent: object | null = null) =>
  ({ senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent

describe('the Electron IPC shell', () => {
  it('registers exactly one channel per contract call and nothing else', () => {
    const { ipc, handlers } = fakeIpcMain()
    const { handlers: services } = recordingHandlers()
    const unregister = registerIpc(ipc, services, () => true)
    expect([...handlers.keys()].sort()).toEqual(callNames.map((n) => `${IPC_PREFIX}${n}`).sort())
    unregister()
    expect(handlers.size).toBe(0)
  })

  it('routes every channel through validation to its handler', async () => {
    const { ipc, handlers } = fakeIpcMain()
    const { handlers: services, reached } = recordingHandlers()
    registerIpc(
      ipc,
      services,
      makeSenderCheck((u) => u.startsWith(appUrl)),
    )
    const ok = await handlers.get(`${IPC_PREFIX}getCode`)!(event(`${appUrl}index.html`), { id: 1 })
    expect(ok).toEqual({ ok: true, value: { reached: 'getCode' } })
    const bad = await handlers.get(`${IPC_PREFIX}getCode`)!(event(`${appUrl}index.html`), { id: 'x' })
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION' })
    for (const name of callNames) {
      const result = await handlers.get(`${IPC_PREFIX}${name}`)!(event(`${appUrl}index.html`), {
        notInContract: 1,
      })
      expect(result, name).toMatchObject({ ok: false, code: 'VALIDATION' })
    }
    expect(reached).toEqual([{ name: 'getCode', input: { id: 1 } }])
  })

  it('drops calls from other pages and from subframes', async () => {
    const { ipc, handlers } = fakeIpcMain()
    const { handlers: services, reached } = recordingHandlers()
    registerIpc(
      ipc,
      services,
      makeSenderCheck((u) => u.startsWith(appUrl)),
    )
    const call = handlers.get(`${IPC_PREFIX}getWorkspace`)!
    expect(await call(event('https://evil.example/'), {})).toMatchObject({ ok: false, code: 'UNAUTHORIZED' })
    expect(await call(event(`${appUrl}index.html`, {}), {})).toMatchObject({
      ok: false,
      code: 'UNAUTHORIZED',
    })
    expect(reached).toHaveLength(0)
  })

  it('forces the security flags whatever the caller asks for', () => {
    const options = secureWindowOptions(
      '/p/preload.cjs',
      { width: 1200, height: 800 },
      {
        webPreferences: { sandbox: false, nodeIntegration: true, contextIsolation: false, webviewTag: true },
      },
    )
    expect(options.webPreferences).toMatchObject({
      preload: '/p/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    })
  })

  it('remembers sane window bounds and ignores nonsense', () => {
    expect(sanitizeBounds({ width: 1500, height: 900, x: 10, y: 20, maximized: true })).toEqual({
      width: 1500,
      height: 900,
      x: 10,
      y: 20,
      maximized: true,
    })
    expect(sanitizeBounds({ width: -5, height: 'x' })).toEqual({ width: 1360, height: 860 })
    expect(sanitizeBounds(null)).toEqual({ width: 1360, height: 860 })
  })
})
