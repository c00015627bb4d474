// Exposes exactly the bridge contract as window.api — one function per call, each an IPC invoke on
// its own channel — and nothing else. Built to CommonJS because sandboxed preloads cannot be ESM.

import { contextBridge, ipcRenderer } from 'electron'
import { callNames, IPC_PREFIX } from '../common/contract'

const api = Object.fromEntries(
  callNames.map((name) => [
    name,
    (input: unknown) => ipcRenderer.invoke(`${IPC_PREFIX}${name}`, input ?? {}),
  ]),
)

contextBridge.exposeInMainWorld('api', Object.freeze(api))
