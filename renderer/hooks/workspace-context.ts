// The current workspace (sandbox or a real corp) and a way to replace it after setup changes.

import { createContext, useContext } from 'react'
import type { SyncStatus, Workspace } from '../../common/domain'

export interface WorkspaceState {
  workspace: Workspace | null
  setWorkspace: (workspace: Workspace) => void
  reload: () => void
  /** Bumped after a sync or a workspace switch so lists reload. */
  dataVersion: number
  bumpData: () => void
  /** The latest sync status (reachability of WeCom and the relay), null until first known. */
  sync: SyncStatus | null
  /** Starts a sync (as the top bar's 同步 does): screens that need fresh numbers call it. */
  startSync: () => void
}

export const WorkspaceContext = createContext<WorkspaceState>({
  workspace: null,
  setWorkspace: () => {},
  reload: () => {},
  dataVersion: 0,
  bumpData: () => {},
  sync: null,
  startSync: () => {},
})

export function useWorkspace(): WorkspaceState {
  return useContext(WorkspaceContext)
}
