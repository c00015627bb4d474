// What the shell (Electron or the browser host) needs from the services: the contract's handlers,
// built over one workspace folder, and a way to close everything it started.

import type { Handlers, Subscribe } from '../common/contract'
import type { Logger } from './bridge/dispatch'
import type { SecretStore } from './secrets/types'
import type { SandboxLauncher } from '../common/sandbox-world'

export interface CoreOptions {
  /** Folder holding the SQLite file, the sandbox relay's data and settings. */
  workspaceDir: string
  secrets: SecretStore
  transport: 'ipc' | 'http'
  version: string
  log?: Logger
  /** Background sync interval in ms while online (0 disables; default 5 minutes). */
  syncIntervalMs?: number
  /** WeCom API host for corp workspaces that set none in 设置 (the WECOM_API_BASE setting). */
  defaultApiBase?: string
  /** The sandbox workspace's simulator and relay, composed by the caller (sandbox/runtime.ts). */
  sandbox?: SandboxLauncher
  /** How long a deleted code can be brought back (撤销) before its WeCom way goes; default 5000 ms. */
  deleteUndoMs?: number
  /** The codes service's clock, undo windows included; tests move it forward instead of sleeping. */
  now?: () => number
}

export interface Core {
  handlers: Handlers
  /** The contract's events, from whichever workspace is open (a switch re-attaches them). */
  subscribe: Subscribe
  close(): Promise<void>
}
