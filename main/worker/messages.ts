// What crosses between the shell's main loop and the core's worker thread (main/core-worker.ts). Both
// ends are this app in one process, so these are plain typed messages; the contract's zod validation
// stays where input arrives from the page (IPC, the HTTP host), before anything is posted here.

import type { BridgeResult } from '../../common/bridge-result'
import type { CallName, EventName } from '../../common/contract'
import type { MessagePort } from 'node:worker_threads'
import type { SecretBackend, SecretKey } from '../secrets/types'

/** CoreOptions that can be cloned into a worker: the services are built there, not passed in. */
export interface WorkerCoreOptions {
  workspaceDir: string
  transport: 'ipc' | 'http'
  version: string
  syncIntervalMs?: number
  defaultApiBase?: string
  deleteUndoMs?: number
  /** Whether the sandbox workspace gets its simulator and relay (sandbox/runtime.ts, in the worker). */
  sandbox: boolean
}

export interface WorkerData {
  core: WorkerCoreOptions
  secrets: { backend: SecretBackend; port: MessagePort; signal: SharedArrayBuffer }
}

export type ToWorker = { type: 'call'; id: number; name: CallName; input: unknown } | { type: 'close' }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: BridgeResult<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  | { type: 'log'; message: string; detail?: unknown }
  | { type: 'closed' }

export type SecretRequest =
  | { op: 'get'; key: SecretKey }
  | { op: 'set'; key: SecretKey; value: string }
  | { op: 'delete'; key: SecretKey }

export type SecretReply =
  | { ok: true; value: string | null }
  | { ok: false; code: string; message: string; fields?: Record<string, string> }
