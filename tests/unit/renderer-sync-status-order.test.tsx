// @vitest-environment jsdom
// The top bar's sync state when answers and events cross: a status read while a sync runs can be
// answered after the events that say the sync finished (two roads, no order between them). The bar
// must keep the newest and show the finished sync, not 同步中 until the next liveness check.

import { act, renderHook, waitFor } from '@testing-library/react'
import { createElement, type ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import type { Api } from '../../common/contract'
import type { SyncStatus } from '../../common/domain'
import { ApiContext } from '../../renderer/hooks/api-context'
import { useSyncStatus } from '../../renderer/hooks/useSyncStatus'
import { coreApiPerTest } from '../fixtures/renderer-core-api'

const openCore = coreApiPerTest()

/** Resolves with the first status of `event` that `accept` takes. */
function nextStatus(
  api: Api,
  event: 'onDidChangeSyncStatus' | 'onDidFinishSync',
  accept: (s: SyncStatus) => boolean,
) {
  return new Promise<SyncStatus>((resolve) => {
    const off = api.subscribe(event, (payload) => {
      const status = payload as SyncStatus
      if (!accept(status)) return
      off()
      resolve(status)
    })
  })
}

describe('the sync state of the top bar', () => {
  it('keeps a finished sync when a status read during it is answered after it finished', async () => {
    const world = await openCore()
    const real = world.api
    const finished = nextStatus(real, 'onDidFinishSync', () => true)
    let staleAnswered = false
    // The status read at mount reaches main once the sync runs, and its answer arrives last.
    const api: Api = {
      ...real,
      getSyncStatus: async (input) => {
        await nextStatus(real, 'onDidChangeSyncStatus', (s) => s.running)
        const read = await real.getSyncStatus(input)
        await finished
        staleAnswered = true
        return read
      },
    }
    const wrapper = ({ children }: { children: ReactNode }) =>
      createElement(ApiContext, { value: api }, children)
    const { result } = renderHook(() => useSyncStatus(() => {}), { wrapper })

    await act(() => result.current.start())
    await waitFor(() => expect(staleAnswered).toBe(true))
    await act(async () => {})
    expect(result.current.status).toMatchObject({ running: false, lastOutcome: 'ok' })
  })
})
