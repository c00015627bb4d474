// Pushes left pending while the relay was unreachable are retried on their own — 2 s, doubling to a
// minute — and at once when the relay is seen again; nothing runs while nothing is pending.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRelayRetry } from '../../main/codes/relay-retry'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function fakeRelay(pending: number) {
  const state = { pending, reachable: false, attempts: [] as number[] }
  const retry = createRelayRetry({
    pendingCount: () => state.pending,
    pushPending: async () => {
      state.attempts.push(Date.now())
      if (state.reachable) state.pending = 0
      return state.pending
    },
  })
  return { state, retry }
}

describe('the relay retry', () => {
  it('backs off 2 s, 4 s, 8 s … while the relay stays away, then stops once nothing is pending', async () => {
    const { state, retry } = fakeRelay(2)
    const t0 = Date.now()
    retry.kick()
    await vi.advanceTimersByTimeAsync(2000 + 4000 + 8000)
    expect(state.attempts.map((t) => t - t0)).toEqual([2000, 6000, 14000])
    state.reachable = true
    await vi.advanceTimersByTimeAsync(16000)
    expect(state.pending).toBe(0)
    const tries = state.attempts.length
    await vi.advanceTimersByTimeAsync(120_000)
    expect(state.attempts.length).toBe(tries)
    retry.stop()
  })

  it('tries at once when the relay answers again, instead of waiting out the backoff', async () => {
    const { state, retry } = fakeRelay(1)
    retry.kick()
    await vi.advanceTimersByTimeAsync(2000 + 4000)
    const before = state.attempts.length
    state.reachable = true
    retry.relayReachable()
    await vi.advanceTimersByTimeAsync(0)
    expect(state.attempts.length).toBe(before + 1)
    expect(state.pending).toBe(0)
    retry.stop()
  })

  it('does nothing while nothing is pending', async () => {
    const { state, retry } = fakeRelay(0)
    retry.kick()
    retry.relayReachable()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(state.attempts).toEqual([])
    retry.stop()
  })
})
