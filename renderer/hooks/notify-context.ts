// The one snackbar: any component can say "已复制" or show an error in plain words.

import { createContext, useContext } from 'react'

export type NotifySeverity = 'success' | 'info' | 'warning' | 'error'

export interface NotifyOptions {
  severity?: NotifySeverity
  /** A button on the snackbar, e.g. 刷新 after a simulated scan. */
  action?: { label: string; onClick: () => void }
  durationMs?: number
}

export type Notify = (message: string, options?: NotifyOptions) => void

export const NotifyContext = createContext<Notify>(() => {})

export function useNotify(): Notify {
  return useContext(NotifyContext)
}
