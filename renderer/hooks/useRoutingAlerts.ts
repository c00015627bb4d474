// The codes smart routing flags (路由告警), by state, from the relay's routing report: refreshed with
// every sync. No relay, or an older one without routing: no flags, never an error on the list.

import { useMemo } from 'react'
import { useApi } from './api-context'
import { useQuery } from './useQuery'

export function useRoutingAlerts(dataVersion: number): ReadonlyMap<string, string> {
  const api = useApi()
  const report = useQuery(() => api.getRoutingReport({}).catch(() => null), `routing-alerts:${dataVersion}`)
  return useMemo(
    () => new Map((report.data?.codes ?? []).flatMap((c) => (c.alert ? [[c.state, c.alert] as const] : []))),
    [report.data],
  )
}
