// Hands the bridge client to every component (tests pass an in-memory one).

import { createContext, useContext } from 'react'
import type { Api } from '../../common/contract'

export const ApiContext = createContext<Api | null>(null)

export function useApi(): Api {
  const api = useContext(ApiContext)
  if (!api) throw new Error('ApiContext missing: wrap the app in <ApiContext value={api}>')
  return api
}
