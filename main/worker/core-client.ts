// The shell's side of the core worker (main/core-worker.ts): a Core whose handlers post each call to
// the worker and resolve with its answer, so IPC and the HTTP host use it exactly as they use
// createCore in-process — their dispatcher still validates every input before it is posted. The secret
// store stays here, on the main thread, and answers the worker's requests (secret-bridge.ts).

import { MessageChannel, Worker } from 'node:worker_threads'
import { AppError, type BridgeFailure } from '../../common/bridge-result'
import { callNames, type EventName, type Handlers, type Subscribe } from '../../common/contract'
import type { Logger } from '../bridge/dispatch'
import type { Core } from '../core-types'
import type { SecretStore } from '../secrets/types'
import type { FromWorker, ToWorker, WorkerCoreOptions, WorkerData } from './messages'
import { serveSecrets } from './secret-bridge'

export interface CoreWorkerOptions {
  /** The worker entry: dist/main/core-worker.cjs under Electron, main/core-worker.ts under tsx. */
  workerFile: string
  /** Node flags for the worker; ['--import', 'tsx'] loads the TypeScript entry. */
  execArgv?: string[]
  core: WorkerCoreOptions
  secrets: SecretStore
  log?: Logger
}

/** A failure the worker already shaped; rethrown so the dispatcher returns it unchanged. */
class WorkerFailure extends AppError {
  constructor(failure: BridgeFailure) {
    super(failure.code, failure.message, failure.fields, failure.errcode)
  }
}

export async function startCoreWorker(options: CoreWorkerOptions): Promise<Core> {
  const log = options.log ?? (() => {})
  const channel = new MessageChannel()
  const signal = new SharedArrayBuffer(4)
  serveSecrets(options.secrets, channel.port1, signal)
  const workerData: WorkerData = {
    core: options.core,
    secrets: { backend: options.secrets.backend, port: channel.port2, signal },
  }
  const worker = new Worker(options.workerFile, {
    workerData,
    transferList: [channel.port2],
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
  })

  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  let nextId = 1
  let gone: Error | null = null
  let onClosed: (() => void) | null = null
  let onStarted: ((error: Error | null) => void) | null = null

  const fail = (error: Error) => {
    gone ??= error
    onStarted?.(error)
    for (const call of pending.values()) call.reject(error)
    pending.clear()
    onClosed?.()
  }
  worker.on('error', (error) => {
    log('core worker failed', error)
    fail(error)
  })
  worker.on('exit', (code) => fail(new Error(`core worker exited (${code})`)))
  worker.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'ready':
        return onStarted?.(null)
      case 'failed':
        return fail(new Error(message.message))
      case 'result': {
        const call = pending.get(message.id)
        pending.delete(message.id)
        if (!call) return
        if (message.result.ok) call.resolve(message.result.value)
        else call.reject(new WorkerFailure(message.result))
        return
      }
      case 'event':
        for (const listener of listeners.get(message.name) ?? [])
          (listener as (p: unknown) => void)(message.payload)
        return
      case 'log':
        return log(message.message, message.detail)
      case 'closed':
        return onClosed?.()
    }
  })

  await new Promise<void>((resolve, reject) => {
    onStarted = (error) => {
      onStarted = null
      if (error) reject(error)
      else resolve()
    }
  })

  const post = (message: ToWorker) => worker.postMessage(message)
  const handlers = Object.fromEntries(
    callNames.map((name) => [
      name,
      (input: unknown) =>
        new Promise<unknown>((resolve, reject) => {
          if (gone) return reject(gone)
          const id = nextId++
          pending.set(id, { resolve, reject })
          post({ type: 'call', id, name, input })
        }),
    ]),
  ) as unknown as Handlers

  const subscribe: Subscribe = (name, listener) => {
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    set.add(listener as (payload: never) => void)
    return () => set.delete(listener as (payload: never) => void)
  }

  return {
    handlers,
    subscribe,
    close: async () => {
      if (!gone) {
        await new Promise<void>((resolve) => {
          onClosed = resolve
          post({ type: 'close' })
        })
      }
      channel.port1.close()
      await worker.terminate()
    },
  }
}
