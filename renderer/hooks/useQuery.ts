// Loads data when `key` changes and exposes {data, error, loading, reload}. The previous data stays visible
// while the next key loads (lists show a thin progress bar instead of flashing empty); stale answers are
// dropped.

import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../lib/errors'

export interface QueryState<T> {
  data: T | undefined
  error: string | null
  loading: boolean
  reload: () => void
}

interface Settled<T> {
  key: string
  data: T | undefined
  error: string | null
}

export function useQuery<T>(load: () => Promise<T>, key: string, enabled = true): QueryState<T> {
  const loadRef = useRef(load)
  const [nonce, setNonce] = useState(0)
  const [settled, setSettled] = useState<Settled<T>>({ key: '', data: undefined, error: null })
  const fullKey = `${key}#${nonce}`

  useEffect(() => {
    loadRef.current = load
  })

  useEffect(() => {
    if (!enabled) return
    let live = true
    loadRef.current().then(
      (data) => live && setSettled({ key: fullKey, data, error: null }),
      (err: unknown) => live && setSettled((s) => ({ key: fullKey, data: s.data, error: errorMessage(err) })),
    )
    return () => {
      live = false
    }
  }, [fullKey, enabled])

  const reload = useCallback(() => setNonce((n) => n + 1), [])
  return {
    data: settled.data,
    error: settled.key === fullKey ? settled.error : null,
    loading: enabled && settled.key !== fullKey,
    reload,
  }
}
