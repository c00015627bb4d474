// 企业微信活码: filters, actions (新建活码, 导出, batch 下载/打印), the table, paging, and the drawers.

import { useRoutingAlerts } from '../hooks/useRoutingAlerts'
import { useCallback, useMemo, useState } from 'react'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import LinearProgress from '@mui/material/LinearProgress'
import Paper from '@mui/material/Paper'
import Skeleton from '@mui/material/Skeleton'
import Typography from '@mui/material/Typography'
import useMediaQuery from '@mui/material/useMediaQuery'
import type { PAGE_SIZES } from '../../common/limits'
import type { CodeSummary, SkippedCode } from '../../common/domain'
import type { CodeFilter, CodeSort } from '../../common/schemas'
import { CodeFilters } from '../components/CodeFilters'
import { MoveIcon } from '../components/group-icons'
import { useCodeGroups } from '../hooks/useCodeGroups'
import { ConflictBanner } from '../components/registry/ConflictBanner'
import { CodeFormDrawer } from '../components/CodeFormDrawer'
import { CodeTable } from '../components/CodeTable'
import { CodeTotals } from '../components/CodeTotals'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { EmptyState } from '../components/EmptyState'
import { AddIcon, DownloadIcon, ExportIcon, PrintIcon } from '../components/icons'
import { PagingBar } from '../components/PagingBar'
import { PrintSheet, type PrintItem } from '../components/PrintSheet'
import { StatsDrawer } from '../components/StatsDrawer'
import { useApi } from '../hooks/api-context'
import { useNotify } from '../hooks/notify-context'
import { useQuery } from '../hooks/useQuery'
import { useWorkspace } from '../hooks/workspace-context'
import { emptyFilter, isFiltered, type CodeFilterValues } from '../lib/code-filter'
import { errorMessage } from '../lib/errors'
import { downloadFile } from '../lib/files'

type PageSize = (typeof PAGE_SIZES)[number]

/** A batch that left some codes out (their QR image was never cached and the app is offline). */
function skippedMessage(what: string, skipped: SkippedCode[]): string {
  const names = skipped
    .slice(0, 5)
    .map((s) => `「${s.name}」`)
    .join('、')
  const more = skipped.length > 5 ? ` 等 ${skipped.length} 个` : ''
  return `${what}其余活码；${names}${more}的二维码还没有缓存，离线时无法生成，联网后点“同步”即可补上。`
}

type FormTarget = { mode: 'create' } | { mode: 'edit'; id: number } | null

export function CodeListPage({ onOpenSetup }: { onOpenSetup?: () => void }) {
  const api = useApi()
  const notify = useNotify()
  const { workspace, dataVersion, bumpData, startSync } = useWorkspace()
  const sandbox = workspace?.kind === 'sandbox'

  const [filterValues, setFilterValues] = useState<CodeFilterValues>(emptyFilter)
  const [query, setQuery] = useState<CodeFilter>({})
  const [sort, setSort] = useState<CodeSort | undefined>(undefined)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState<PageSize>(10)
  const [selected, setSelected] = useState<Set<number>>(() => new Set())
  const [busyIds, setBusyIds] = useState<Set<number>>(() => new Set())
  const [form, setForm] = useState<FormTarget>(null)
  const [statsId, setStatsId] = useState<number | null>(null)
  const [deleting, setDeleting] = useState<CodeSummary | null>(null)
  const [batchBusy, setBatchBusy] = useState<'export' | 'zip' | 'print' | null>(null)
  const [printItems, setPrintItems] = useState<PrintItem[] | null>(null)
  // The group filter lives beside the filter bar's query: the panel changes it at once.
  const groups = useCodeGroups({
    onSelect: () => {
      setPage(1)
      setSelected(new Set())
    },
  })
  const groupQuery = groups.selected === undefined ? {} : { groupId: groups.selected }
  // Beside the table where there is room; a button in its toolbar at 1280 and 1440 px.
  const wide = useMediaQuery('(min-width:1600px)')

  const listKey = JSON.stringify({ query, sort, page, pageSize, dataVersion, group: groups.selected })
  const list = useQuery(
    () => api.listCodes({ ...query, ...groupQuery, page, pageSize, ...(sort ? { sort } : {}) }),
    listKey,
  )
  const tagGroups = useQuery(() => api.listTagGroups({}), `tags:${dataVersion}`)
  const routingAlerts = useRoutingAlerts(dataVersion)
  const creators = useQuery(() => api.listCreators({}), `creators:${dataVersion}`)

  const items = useMemo(() => list.data?.items ?? [], [list.data])
  const total = list.data?.total ?? 0
  const filtered = isFiltered(query) || groups.selected !== undefined

  const runQuery = (next: CodeFilter) => {
    setQuery(next)
    setPage(1)
    setSelected(new Set())
  }

  const clearFilter = () => {
    setFilterValues(emptyFilter)
    runQuery({})
    groups.select(undefined)
  }

  const sortBy = (next: CodeSort | undefined) => {
    setSort(next)
    setPage(1)
  }

  const setBusy = (id: number, busy: boolean) =>
    setBusyIds((prev) => {
      const next = new Set(prev)
      if (busy) next.add(id)
      else next.delete(id)
      return next
    })

  const toggle = (id: number) =>
    setSelected((prev) => {
      const next = new Set(prev)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  const toggleAll = (ids: number[], select: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev)
      for (const id of ids) {
        if (select) next.add(id)
        else next.delete(id)
      }
      return next
    })

  const downloadOne = async (code: CodeSummary) => {
    setBusy(code.id, true)
    try {
      downloadFile(await api.getQrFile({ id: code.id, format: 'png', caption: true, size: 1024 }))
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    } finally {
      setBusy(code.id, false)
    }
  }

  const exportList = async () => {
    setBatchBusy('export')
    try {
      const ids = selected.size ? [...selected] : undefined
      const file = await api.exportCodes({
        ...query,
        ...groupQuery,
        ...(ids ? { ids } : {}),
        ...(sort ? { sort } : {}),
        format: 'xlsx',
      })
      downloadFile(file)
      notify(ids ? `已导出选中的 ${ids.length} 个活码` : `已导出 ${total} 个活码`, { severity: 'success' })
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    } finally {
      setBatchBusy(null)
    }
  }

  const downloadZip = async () => {
    setBatchBusy('zip')
    try {
      const zip = await api.getQrZip({ ids: [...selected], format: 'png', caption: true })
      downloadFile(zip)
      if (zip.skipped.length)
        notify(skippedMessage('已下载', zip.skipped), { severity: 'warning', durationMs: 10_000 })
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    } finally {
      setBatchBusy(null)
    }
  }

  const printSelected = async () => {
    setBatchBusy('print')
    try {
      const sheet = await api.getQrPrintSheet({ ids: [...selected] })
      setPrintItems(sheet.items)
      if (sheet.skipped.length)
        notify(skippedMessage('打印', sheet.skipped), { severity: 'warning', durationMs: 10_000 })
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    } finally {
      setBatchBusy(null)
    }
  }

  const simulateScan = async (code: CodeSummary) => {
    setBusy(code.id, true)
    try {
      const result = await api.simulateScan({ id: code.id })
      const waiting = result.pending ? '（自动通过已关闭，等待员工通过好友申请）' : ''
      notify(`模拟客户「${result.customerName}」扫码添加了员工${waiting}。点“刷新”同步最新统计。`, {
        severity: 'success',
        durationMs: 7000,
        // 刷新 syncs: the add reached the relay, and only a sync brings it into the counts.
        action: { label: '刷新', onClick: startSync },
      })
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    } finally {
      setBusy(code.id, false)
    }
  }

  const remove = async () => {
    if (!deleting) return
    const { id, name } = deleting
    const { undoUntil } = await api.deleteCode({ id })
    const undo = async () => {
      try {
        await api.undoDeleteCode({ id })
        notify(`已恢复「${name}」`, { severity: 'success' })
        bumpData()
      } catch (err) {
        notify(errorMessage(err), { severity: 'error' })
      }
    }
    // The notice lasts as long as the undo window main reported, so 撤销 is never offered too late.
    notify(`已删除「${name}」`, {
      severity: 'success',
      durationMs: Math.max(1000, undoUntil - Date.now()),
      action: { label: '撤销', onClick: () => void undo() },
    })
    setSelected((prev) => {
      const next = new Set(prev)
      next.delete(deleting.id)
      return next
    })
    if (items.length === 1 && page > 1) setPage(page - 1)
    bumpData()
  }

  const onSaved = useCallback(
    (mode: 'create' | 'edit', name: string) => {
      notify(mode === 'create' ? `已创建活码「${name}」` : `已保存「${name}」的修改`, { severity: 'success' })
      bumpData()
    },
    [notify, bumpData],
  )

  const clearPrint = useCallback(() => setPrintItems(null), [])
  const firstLoad = list.loading && !list.data

  return (
    // The page fills the window and only the table scrolls, so the filter bar and the table's header
    // stay in place however long the list is.
    <Box
      sx={{
        maxWidth: 1480,
        mx: 'auto',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        minHeight: 420,
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1.5, mb: 1.5, flexShrink: 0 }}>
        <Typography variant="h5">企业微信活码</Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          为每个渠道生成一个二维码，客户扫码添加员工后自动打标签、发送欢迎语，并统计引流效果
        </Typography>
      </Box>

      <ConflictBanner />

      <Paper variant="outlined" sx={{ px: 2, py: 1.5, mb: 1.5, flexShrink: 0 }}>
        <CodeFilters
          creators={creators.data ?? []}
          timeZone={workspace?.timeZone}
          values={filterValues}
          onChange={setFilterValues}
          onQuery={runQuery}
        />
      </Paper>

      <Box sx={{ display: 'flex', gap: 1.5, flex: 1, minHeight: 0 }}>
        {wide && groups.panel('side')}
        <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <Paper
            variant="outlined"
            sx={{ overflow: 'hidden', flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
          >
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 2, py: 1, flexWrap: 'wrap' }}>
              <Button variant="contained" startIcon={<AddIcon />} onClick={() => setForm({ mode: 'create' })}>
                新建活码
              </Button>
              <Button
                variant="outlined"
                startIcon={batchBusy === 'export' ? <CircularProgress size={14} /> : <ExportIcon />}
                onClick={() => void exportList()}
                disabled={batchBusy !== null || total === 0}
              >
                {selected.size ? `导出选中（${selected.size}）` : '导出'}
              </Button>
              {!wide && groups.panel('menu')}
              {list.data && list.data.total > 0 && (
                <CodeTotals count={list.data.total} totals={list.data.totals} filtered={filtered} />
              )}
              <Box sx={{ flex: 1 }} />
              {selected.size > 0 && (
                <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                  <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                    已选 {selected.size} 个
                  </Typography>
                  <Button
                    size="small"
                    startIcon={batchBusy === 'zip' ? <CircularProgress size={14} /> : <DownloadIcon />}
                    onClick={() => void downloadZip()}
                    disabled={batchBusy !== null}
                  >
                    批量下载
                  </Button>
                  <Button
                    size="small"
                    startIcon={batchBusy === 'print' ? <CircularProgress size={14} /> : <PrintIcon />}
                    onClick={() => void printSelected()}
                    disabled={batchBusy !== null}
                  >
                    批量打印
                  </Button>
                  <Button
                    size="small"
                    startIcon={<MoveIcon />}
                    onClick={() =>
                      groups.moveCodes([...selected], `选中的 ${selected.size} 个活码`, () =>
                        setSelected(new Set()),
                      )
                    }
                    disabled={batchBusy !== null}
                  >
                    移动到分组
                  </Button>
                  <Button size="small" color="inherit" onClick={() => setSelected(new Set())}>
                    清除选择
                  </Button>
                </Box>
              )}
            </Box>
            <Box sx={{ height: 3 }}>{list.loading && list.data && <LinearProgress sx={{ height: 3 }} />}</Box>

            {list.error && (
              <Alert
                severity="error"
                sx={{ mx: 2, mb: 2 }}
                action={
                  <Button color="inherit" size="small" onClick={list.reload}>
                    重试
                  </Button>
                }
              >
                {list.error}
              </Alert>
            )}

            {firstLoad ? (
              <Box sx={{ px: 2, pb: 2 }}>
                {[0, 1, 2, 3].map((i) => (
                  <Skeleton key={i} height={64} />
                ))}
              </Box>
            ) : items.length === 0 && !list.error ? (
              filtered ? (
                <EmptyState
                  title="没有符合条件的活码"
                  description="换个渠道名称、日期范围或创建人再试试。"
                  action={<Button onClick={clearFilter}>清除筛选</Button>}
                />
              ) : (
                <EmptyState
                  title="还没有渠道活码"
                  description={
                    sandbox
                      ? '这是沙盒演示企业：新建一个活码，然后点“模拟扫码”，看看客户是怎样被加上标签、收到欢迎语并计入统计的。'
                      : '为海报、门店或活动各建一个活码，就能知道每个渠道带来了多少客户、留住了多少。'
                  }
                  action={
                    <Box sx={{ display: 'flex', gap: 1, justifyContent: 'center' }}>
                      <Button
                        variant="contained"
                        startIcon={<AddIcon />}
                        onClick={() => setForm({ mode: 'create' })}
                      >
                        新建第一个活码
                      </Button>
                      {!sandbox && onOpenSetup && <Button onClick={onOpenSetup}>检查企业微信设置</Button>}
                    </Box>
                  }
                />
              )
            ) : (
              <Box sx={{ overflow: 'auto', flex: 1, minHeight: 0 }}>
                <CodeTable
                  routingAlerts={routingAlerts}
                  items={items}
                  sort={sort}
                  onSort={sortBy}
                  groups={tagGroups.data ?? []}
                  selected={selected}
                  busyIds={busyIds}
                  onToggle={toggle}
                  onToggleAll={toggleAll}
                  onDownload={(c) => void downloadOne(c)}
                  onEdit={(c) => setForm({ mode: 'edit', id: c.id })}
                  onDelete={setDeleting}
                  onStats={(c) => setStatsId(c.id)}
                  onSimulateScan={sandbox ? (c) => void simulateScan(c) : undefined}
                  onMoveToGroup={(c) => groups.moveCodes([c.id], `「${c.name}」`)}
                  onQrStyle={(c) => groups.styleQr(c)}
                />
              </Box>
            )}

            {total > 0 && (
              <PagingBar
                total={total}
                page={page}
                pageSize={pageSize}
                onPage={setPage}
                onPageSize={(size) => {
                  setPageSize(size)
                  setPage(1)
                }}
              />
            )}
          </Paper>
        </Box>
      </Box>

      <CodeFormDrawer
        open={form !== null}
        codeId={form?.mode === 'edit' ? form.id : null}
        onClose={() => setForm(null)}
        onSaved={onSaved}
      />
      <StatsDrawer
        codeId={statsId}
        onClose={() => setStatsId(null)}
        onEdit={(id) => {
          setStatsId(null)
          setForm({ mode: 'edit', id })
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="删除活码"
        confirmLabel="删除"
        danger
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      >
        <Typography variant="body2" sx={{ mb: 1 }}>
          确定删除「{deleting?.name}」吗？
        </Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          删除后几秒内可以撤销；之后企业微信中的这个“联系我”二维码也会一并删除，已印出的二维码将无法再添加员工。
          已经通过它添加的客户和历史统计会保留，不受影响。
        </Typography>
      </ConfirmDialog>
      {printItems && <PrintSheet items={printItems} onDone={clearPrint} />}
      {groups.dialogs}
    </Box>
  )
}
