// Sync state for the top bar, pushed by main (onDidChangeSyncStatus / onDidFinishSync) rather than
// polled: progress, the 离线 state and pending pushes arrive as they change. One slow check remains to
// notice that the local service itself is gone (the browser host stopped).

import { useCallback, useEffect, useRef, useState } from 'react'
import type { SyncStatus } from '../../common/domain'
import { errorMessage, isOffline } from '../lib/errors'
import { useApi } from './api-context'

const LIVENESS_MS = 30_000

export interface SyncState {
  status: SyncStatus | null
  /** The local service itself cannot be reached (browser host stopped). */
  bridgeDown: boolean
  start: () => Promise<void>
  error: string | null
}

/** `onFinished` hears every finished sync; `mine` is true when this window started it. */
export function useSyncStatus(onFinished: (status: SyncStatus, mine: boolean) => void): SyncState {
  const api = useApi()
  const [status, setNewest] = useState<SyncStatus | null>(null)
  // An answer can arrive after a later event (a status read at mount, answered once the sync it
  // started has finished and said so): the highest seq wins, or the bar would show 同步中 for good.
  const setStatus = useCallback(
    (next: SyncStatus) => setNewest((shown) => (shown && shown.seq > next.seq ? shown : next)),
    [],
  )
  const [bridgeDown, setBridgeDown] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const finishedRef = useRef(onFinished)
  const startedHere = useRef(false)

  useEffect(() => {
    finishedRef.current = onFinished
  })

  useEffect(() => {
    let live = true
    const check = () =>
      api.getSyncStatus({}).then(
        (s) => {
          if (!live) return
          setStatus(s)
          setBridgeDown(false)
        },
        (err: unknown) => live && setBridgeDown(isOffline(err)),
      )
    void check()
    const offChange = api.subscribe('onDidChangeSyncStatus', (s) => {
      setStatus(s)
      setBridgeDown(false)
    })
    const offFinish = api.subscribe('onDidFinishSync', (s) => {
      setStatus(s)
      const mine = startedHere.current
      startedHere.current = false
      finishedRef.current(s, mine)
    })
    const timer = setInterval(check, LIVENESS_MS)
    return () => {
      live = false
      offChange()
      offFinish()
      clearInterval(timer)
    }
  }, [api, setStatus])

  const start = useCallback(async () => {
    setError(null)
    try {
      startedHere.current = true
      setStatus(await api.runSync({}))
    } catch (err) {
      startedHere.current = false
      setError(errorMessage(err))
      setBridgeDown(isOffline(err))
    }
  }, [api, setStatus])

  return { status, bridgeDown, start, error }
}
