// Exposes exactly the bridge contract — window.api, one function per call, each an IPC invoke on its
// own channel, and window.apiEvents, a subscription to the contract's events — and nothing else.
// Built to CommonJS because sandboxed preloads cannot be ESM.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { callNames, EVENT_PREFIX, IPC_PREFIX, isEventName, type RawEvents } from '../common/contract'

const api = Object.fromEntries(
  callNames.map((name) => [
    name,
    (input: unknown) => ipcRenderer.invoke(`${IPC_PREFIX}${name}`, input ?? {}),
  ]),
)

const events: RawEvents = {
  subscribe(name, listener) {
    if (!isEventName(name)) throw new Error(`unknown event: ${String(name).slice(0, 60)}`)
    const channel = `${EVENT_PREFIX}${name}`
    // The page gets the payload only, never Electron's event object.
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, handler)
    return () => {
      ipcRenderer.removeListener(channel, handler)
    }
  },
}

contextBridge.exposeInMainWorld('api', Object.freeze(api))
contextBridge.exposeInMainWorld('apiEvents', Object.freeze(events))
