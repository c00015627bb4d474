// Sync state for the top bar: polled quickly while a sync runs, slowly otherwise (for online/last synced).

import { useCallback, useEffect, useRef, useState } from 'react'
import type { SyncStatus } from '../../common/domain'
import { errorMessage, isOffline } from '../lib/errors'
import { useApi } from './api-context'

const FAST_MS = 600
const SLOW_MS = 30_000

export interface SyncState {
  status: SyncStatus | null
  /** The local service itself cannot be reached (browser host stopped). */
  bridgeDown: boolean
  start: () => Promise<void>
  error: string | null
}

export function useSyncStatus(onFinished: () => void): SyncState {
  const api = useApi()
  const [status, setStatus] = useState<SyncStatus | null>(null)
  const [bridgeDown, setBridgeDown] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const wasRunning = useRef(false)
  const finishedRef = useRef(onFinished)

  useEffect(() => {
    finishedRef.current = onFinished
  })

  const apply = useCallback((next: SyncStatus) => {
    setStatus(next)
    setBridgeDown(false)
    if (wasRunning.current && !next.running) finishedRef.current()
    wasRunning.current = next.running
  }, [])

  const running = status?.running ?? false

  useEffect(() => {
    let live = true
    const tick = () =>
      api.getSyncStatus({}).then(
        (s) => live && apply(s),
        (err: unknown) => live && setBridgeDown(isOffline(err)),
      )
    void tick()
    const timer = setInterval(tick, running ? FAST_MS : SLOW_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [api, apply, running])

  const start = useCallback(async () => {
    setError(null)
    try {
      apply(await api.runSync({}))
      wasRunning.current = true
    } catch (err) {
      setError(errorMessage(err))
      setBridgeDown(isOffline(err))
    }
  }, [api, apply])

  return { status, bridgeDown, start, error }
}
