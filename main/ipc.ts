// IPC side of the bridge: one ipcMain.handle per contract call, each routed through the shared
// dispatcher (which validates with the contract's schema). Messages from any frame other than the
// app's own main frame are refused, as VS Code's validatedIpcMain does.

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { BridgeResult } from '../common/bridge-result'
import {
  callNames,
  EVENT_PREFIX,
  eventNames,
  IPC_PREFIX,
  type Handlers,
  type Subscribe,
} from '../common/contract'
import { dispatch, type Logger } from './bridge/dispatch'

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>

/** Returns false for a sender that is not our window's top frame on our own page. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean

export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrusted: SenderCheck,
  log?: Logger,
): () => void {
  const channels = callNames.map((name) => `${IPC_PREFIX}${name}`)
  for (const [i, channel] of channels.entries()) {
    const name = callNames[i]!
    ipcMain.handle(channel, async (event, input: unknown): Promise<BridgeResult<unknown>> => {
      if (!isTrusted(event)) return { ok: false, code: 'UNAUTHORIZED', message: '拒绝来自未知页面的调用' }
      return dispatch(handlers, name, input, log)
    })
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c))
}

/** The app's page is app://app/ (main/app-protocol.ts), served from the packaged renderer folder. */
export function makeSenderCheck(isAppUrl: (url: string) => boolean): SenderCheck {
  return (event) => {
    const frame = event.senderFrame
    if (!frame || frame.parent !== null) return false
    return isAppUrl(frame.url)
  }
}

/** Sends every contract event to the window's page, on its own channel; returns the unsubscriber. */
export function forwardEvents(
  subscribe: Subscribe,
  target: () => Pick<WebContents, 'send' | 'isDestroyed'> | null,
): () => void {
  const offs = eventNames.map((name) =>
    subscribe(name, (payload) => {
      const contents = target()
      if (contents && !contents.isDestroyed()) contents.send(`${EVENT_PREFIX}${name}`, payload)
    }),
  )
  return () => offs.forEach((off) => off())
}
