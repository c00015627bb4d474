// The shell: left navigation, a top bar (breadcrumb, workspace, offline state, sync) and the page.

import { useCallback, useEffect, useMemo, useState } from 'react'
import Box from '@mui/material/Box'
import Breadcrumbs from '@mui/material/Breadcrumbs'
import Typography from '@mui/material/Typography'
import type { Workspace } from '../common/domain'
import { AppNav, type PageKey } from './components/AppNav'
import { OfflineChip } from './components/OfflineChip'
import { SyncButton } from './components/SyncButton'
import { WorkspaceBadge } from './components/WorkspaceBadge'
import { useApi } from './hooks/api-context'
import { useNotify } from './hooks/notify-context'
import { useQuery } from './hooks/useQuery'
import { useSyncStatus } from './hooks/useSyncStatus'
import { setDisplayTimeZone } from './lib/format'
import { WorkspaceContext, type WorkspaceState } from './hooks/workspace-context'
import { CodeListPage } from './pages/CodeListPage'
import { SetupPage } from './pages/SetupPage'

function pageFromHash(hash: string): PageKey {
  return hash.replace(/^#\/?/, '') === 'setup' ? 'setup' : 'codes'
}

const CRUMBS: Record<PageKey, string[]> = {
  codes: ['企业微信', '辅助营销', '企业微信活码'],
  setup: ['设置', '连接企业微信'],
}

export function App() {
  const api = useApi()
  const notify = useNotify()
  const [page, setPage] = useState<PageKey>(() => pageFromHash(window.location.hash))
  const [dataVersion, setDataVersion] = useState(0)
  const [workspaceOverride, setWorkspaceOverride] = useState<Workspace | null>(null)
  const workspaceQuery = useQuery(() => api.getWorkspace({}), 'workspace')
  const info = useQuery(() => api.getAppInfo({}), 'info')
  const workspace = workspaceOverride ?? workspaceQuery.data ?? null
  setDisplayTimeZone(workspace?.timeZone ?? null)

  useEffect(() => {
    const onHash = () => setPage(pageFromHash(window.location.hash))
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])

  const navigate = (next: PageKey) => {
    window.location.hash = `/${next}`
    setPage(next)
  }

  const bumpData = useCallback(() => setDataVersion((v) => v + 1), [])
  const sync = useSyncStatus((status, mine) => {
    // Every finished sync refreshes what is on screen, the background timer's included.
    bumpData()
    if (!mine) return
    if (status.lastOutcome === 'ok') notify('同步完成，数据已更新', { severity: 'success' })
    else if (status.lastOutcome === 'partial')
      notify(`部分同步：${[status.lastSummary, status.lastError].filter(Boolean).join('。')}`, {
        severity: 'warning',
        durationMs: 10_000,
      })
    else notify(status.lastError ?? '同步失败，请稍后重试', { severity: 'error', durationMs: 10_000 })
  })

  useEffect(() => {
    if (sync.error) notify(sync.error, { severity: 'error' })
  }, [sync.error, notify])

  const { reload } = workspaceQuery
  const { start: startSync } = sync
  const workspaceState = useMemo<WorkspaceState>(
    () => ({
      workspace,
      setWorkspace: (next) => {
        setWorkspaceOverride(next)
        bumpData()
      },
      reload: () => {
        setWorkspaceOverride(null)
        reload()
      },
      dataVersion,
      bumpData,
      sync: sync.status,
      startSync: () => void startSync(),
    }),
    [workspace, reload, dataVersion, bumpData, sync.status, startSync],
  )

  return (
    <WorkspaceContext value={workspaceState}>
      <Box sx={{ display: 'flex', height: '100vh', bgcolor: 'background.default' }}>
        <AppNav page={page} onNavigate={navigate} version={info.data?.version} />
        <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <Box
            component="header"
            sx={{
              height: 56,
              px: 3,
              flexShrink: 0,
              display: 'flex',
              alignItems: 'center',
              gap: 2,
              bgcolor: 'background.paper',
              borderBottom: '1px solid',
              borderColor: 'divider',
              '@media print': { display: 'none' },
            }}
          >
            <Breadcrumbs separator="›" aria-label="当前位置" sx={{ flex: 1, fontSize: 14 }}>
              {CRUMBS[page].map((crumb, i, all) => (
                <Typography
                  key={crumb}
                  variant="body2"
                  sx={{ color: i === all.length - 1 ? 'text.primary' : 'text.secondary' }}
                >
                  {crumb}
                </Typography>
              ))}
            </Breadcrumbs>
            <OfflineChip status={sync.status} bridgeDown={sync.bridgeDown} />
            <WorkspaceBadge workspace={workspace} />
            <SyncButton status={sync.status} onSync={() => void sync.start()} disabled={sync.bridgeDown} />
          </Box>
          <Box
            component="main"
            sx={{
              flex: 1,
              overflow: 'auto',
              p: 3,
              // Short windows (1280×720) give the rows the room instead of the margins.
              '@media (max-height: 800px)': { px: 2.5, py: 2 },
              '@media (max-width: 1300px)': { px: 2 },
              '@media print': { p: 0 },
            }}
          >
            {workspaceQuery.error && !workspace ? (
              <Typography color="error">{workspaceQuery.error}</Typography>
            ) : page === 'codes' ? (
              <CodeListPage onOpenSetup={() => navigate('setup')} />
            ) : (
              <SetupPage />
            )}
          </Box>
        </Box>
      </Box>
    </WorkspaceContext>
  )
}
