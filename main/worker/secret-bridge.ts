// The secret store stays on the main thread (Electron's safeStorage exists only there) while the core
// runs in a worker. SecretStore is synchronous, so the worker asks over a MessagePort and blocks on a
// shared flag until the answer is in (Atomics.wait + receiveMessageOnPort): a read of a few bytes,
// done a handful of times per workspace open, never while the main thread waits on the worker.

import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../common/bridge-result'
import type { SecretBackend, SecretStore } from '../secrets/types'
import type { SecretReply, SecretRequest } from './messages'

const ANSWER_TIMEOUT_MS = 10_000

/** Main side: answers the worker's secret requests from the real store. */
export function serveSecrets(store: SecretStore, port: MessagePort, signal: SharedArrayBuffer): void {
  const flag = new Int32Array(signal)
  port.on('message', (request: SecretRequest) => {
    let reply: SecretReply
    try {
      if (request.op === 'get') reply = { ok: true, value: store.get(request.key) }
      else {
        if (request.op === 'set') store.set(request.key, request.value)
        else store.delete(request.key)
        reply = { ok: true, value: null }
      }
    } catch (error) {
      reply =
        error instanceof AppError
          ? {
              ok: false,
              code: error.code,
              message: error.message,
              ...(error.fields ? { fields: error.fields } : {}),
            }
          : { ok: false, code: 'SECRET_STORAGE', message: `无法读写密钥：${String(error)}` }
    }
    port.postMessage(reply)
    Atomics.store(flag, 0, 1)
    Atomics.notify(flag, 0)
  })
  port.unref()
}

/** Worker side: a SecretStore whose every call is answered by serveSecrets on the main thread. */
export function remoteSecretStore(
  backend: SecretBackend,
  port: MessagePort,
  signal: SharedArrayBuffer,
): SecretStore {
  const flag = new Int32Array(signal)
  const ask = (request: SecretRequest): string | null => {
    Atomics.store(flag, 0, 0)
    port.postMessage(request)
    if (Atomics.wait(flag, 0, 0, ANSWER_TIMEOUT_MS) === 'timed-out')
      throw new AppError('SECRET_STORAGE', '读取密钥超时，请重启应用')
    const reply = receiveMessageOnPort(port)?.message as SecretReply | undefined
    if (!reply) throw new AppError('SECRET_STORAGE', '读取密钥失败，请重启应用')
    if (!reply.ok) throw new AppError(reply.code as ErrorCode, reply.message, reply.fields)
    return reply.value
  }
  return {
    backend,
    get: (key) => ask({ op: 'get', key }),
    set: (key, value) => void ask({ op: 'set', key, value }),
    delete: (key) => void ask({ op: 'delete', key }),
  }
}
