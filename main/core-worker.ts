// The core's own thread: SQLite, sync, QR rendering and the sandbox's simulator and relay run here, so
// the window's (or the browser host's) main loop only relays messages and never freezes. Built by
// scripts/build-main.ts as dist/main/core-worker.cjs for Electron; loaded as TypeScript through tsx by
// the browser host and the tests. Like main/index.ts it is an edge where the sandbox is composed.

import { parentPort, workerData } from 'node:worker_threads'
import { eventNames } from '../common/contract'
import { runValidated } from './bridge/dispatch'
import { createCore } from './core'
import type { Core } from './core-types'
import type { FromWorker, ToWorker, WorkerData } from './worker/messages'
import { remoteSecretStore } from './worker/secret-bridge'
import { startSandboxRuntime } from '../sandbox/runtime'

const port = parentPort
if (!port) throw new Error('main/core-worker.ts runs only as a worker thread')
const data = workerData as WorkerData
const post = (message: FromWorker) => port.postMessage(message)

function log(message: string, detail?: unknown) {
  try {
    post({ type: 'log', message, detail })
  } catch {
    // Not every value clones (functions, sockets): the text still reaches the log.
    post({ type: 'log', message, detail: String(detail) })
  }
}

async function main(): Promise<void> {
  let core: Core
  try {
    const { sandbox, ...options } = data.core
    core = await createCore({
      ...options,
      secrets: remoteSecretStore(data.secrets.backend, data.secrets.port, data.secrets.signal),
      log,
      ...(sandbox ? { sandbox: startSandboxRuntime } : {}),
    })
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    return
  }
  for (const name of eventNames) core.subscribe(name, (payload) => post({ type: 'event', name, payload }))
  port!.on('message', (message: ToWorker) => {
    if (message.type === 'call') {
      void runValidated(core.handlers, message.name, message.input, log).then((result) =>
        post({ type: 'result', id: message.id, result }),
      )
    } else if (message.type === 'close') {
      void core
        .close()
        .catch((error: unknown) => log('core close failed', error))
        .then(() => post({ type: 'closed' }))
    }
  })
  post({ type: 'ready' })
}

// No top-level await: the Electron build of this file is CommonJS.
void main()
