// What every handler slice gets: the live workspace context (it changes when the manager switches
// workspace) and a way to switch it.

import type { Handlers } from '../../common/contract'
import type { CurrentWorkspace } from '../workspace/folders'
import type { WorkspaceContext } from '../workspace/context'
import type { SecretStore } from '../secrets/types'

export interface HandlerEnv {
  ctx(): WorkspaceContext
  switchTo(current: CurrentWorkspace): Promise<void>
  /** Closes the sandbox workspace, deletes everything in its folder and opens it fresh. */
  resetSandbox(): Promise<void>
  secrets: SecretStore
  transport: 'ipc' | 'http'
  version: string
  rootDir: string
  /** Who the app records as a code's creator. */
  creator(): string
  /** WeCom API host for corps that set none in 设置 (WECOM_API_BASE; tests point it at a simulator). */
  defaultApiBase?: string
}

export type HandlerSlice<K extends keyof Handlers> = Pick<Handlers, K>
