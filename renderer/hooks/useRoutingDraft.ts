// The code form's 分配规则 draft: loaded with the code, saved right after it (its own call, so the
// code's own save is unchanged). Nothing is sent when the rules were off and stay off.

import { useCallback, useEffect, useRef, useState } from 'react'
import { useApi } from './api-context'
import {
  draftFromRouting,
  emptyRoutingDraft,
  routingFromDraft,
  type RoutingDraft,
} from '../lib/routing-draft'

export function useRoutingDraft(codeId: number | null) {
  const api = useApi()
  const [draft, setDraft] = useState<RoutingDraft>(emptyRoutingDraft)
  const wasOn = useRef(false)

  useEffect(() => {
    if (codeId === null) return
    let live = true
    api.getCodeRouting({ id: codeId }).then(
      ({ routing }) => {
        if (!live) return
        wasOn.current = routing !== null
        setDraft(draftFromRouting(routing))
      },
      // A workspace without the routing tables yet, or offline: the section starts off.
      () => {},
    )
    return () => {
      live = false
    }
  }, [api, codeId])

  const save = useCallback(
    async (id: number, memberUserids: string[]) => {
      const routing = routingFromDraft(draft, memberUserids)
      if (routing === null && !wasOn.current) return
      await api.saveCodeRouting({ id, routing })
      wasOn.current = routing !== null
    },
    [api, draft],
  )

  return { draft, setDraft, save }
}
