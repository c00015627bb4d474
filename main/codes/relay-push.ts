// Keeping the relay's policies in step with the local codes. A push that fails leaves the code
// 'pending' (the list shows 未同步到中转服务) and the next sync retries it; a deleted code is
// 'pending' until the relay has dropped its policy.

import type { StoredCode, CodesRepo } from '../db/repos/codes'
import type { RelayClient } from '../relay-client/types'
import { isRelayError } from '../relay-client/errors'
import { policyOf } from './policy'
import type { StoredRouting } from '../db/repos/routing'

export interface PushDeps {
  codes: Pick<CodesRepo, 'get' | 'listPendingRelay' | 'setRelayState'>
  relay: () => RelayClient | null
  log?: (message: string, detail?: unknown) => void
  /** The code's smart-routing rules, pushed with its policy (main/db/repos/routing.ts). */
  routingOf?: (codeId: number) => StoredRouting | null
}

/** Pushes one code's current policy (or its deletion); returns whether the relay confirmed it. */
export async function pushOne(code: StoredCode, deps: PushDeps): Promise<boolean> {
  const relay = deps.relay()
  if (!relay) return false
  // Imported codes without a state cannot be tracked by the relay: nothing to tell it.
  if (code.state !== '') {
    if (code.deletedAt !== null) await relay.deletePolicy({ state: code.state })
    else await relay.putPolicy(policyOf(code, deps.routingOf?.(code.id) ?? null))
  }
  // Conditional on updated_at: an edit made while this push was in flight stays pending for the next one.
  return deps.codes.setRelayState(code.id, 'synced', code.updatedAt)
}

/** Best effort after a create or edit: a failure only leaves the code pending. */
export async function tryPush(code: StoredCode, deps: PushDeps): Promise<StoredCode> {
  try {
    await pushOne(code, deps)
  } catch (error) {
    deps.log?.(
      `relay push for code ${code.id} failed; kept pending`,
      isRelayError(error) ? error.message : error,
    )
  }
  return deps.codes.get(code.id, { includeDeleted: true }) ?? code
}

export interface PendingResult {
  pushed: number
  failed: number
  /** The first failure, so sync can say the relay is offline. */
  error: unknown
}

/** Retries every pending push and deletion; stops at the first unreachable error to spare a dead relay. */
export async function pushPending(
  deps: PushDeps,
  onProgress?: (done: number, total: number) => void,
): Promise<PendingResult> {
  const pending = deps.codes.listPendingRelay()
  const result: PendingResult = { pushed: 0, failed: 0, error: null }
  if (!deps.relay()) return { ...result, failed: pending.length }
  for (const [index, code] of pending.entries()) {
    try {
      await pushOne(code, deps)
      result.pushed += 1
    } catch (error) {
      result.failed += 1
      result.error ??= error
      if (isRelayError(error) && (error.kind === 'unreachable' || error.kind === 'unauthorized')) {
        result.failed = pending.length - result.pushed
        break
      }
    }
    onProgress?.(index + 1, pending.length)
  }
  return result
}
