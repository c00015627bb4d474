// The code list's groups as one piece the page plugs in: which group is shown, the panel, and the
// dialogs that create, rename, delete groups, move codes and style a code's QR. Every change bumps
// the data version, so the list, the panel's totals and the thumbnails reload together.

import { useState, type ReactNode } from 'react'
import Typography from '@mui/material/Typography'
import { UNGROUPED_LABEL, type CodeGroup, type CodeGroupTotals } from '../../common/code-groups'
import type { CodeSummary } from '../../common/domain'
import { CodeGroupPanel, type GroupSelection } from '../components/CodeGroupPanel'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { GroupNameDialog } from '../components/GroupNameDialog'
import { MoveToGroupDialog } from '../components/MoveToGroupDialog'
import { QrStyleDialog } from '../components/QrStyleDialog'
import { useApi } from './api-context'
import { useNotify } from './notify-context'
import { forgetQrImage } from './useQrImage'
import { useQuery } from './useQuery'
import { useWorkspace } from './workspace-context'

type NameTarget = { mode: 'create' } | { mode: 'rename'; group: CodeGroup } | null

export interface CodeGroupsUi {
  selected: GroupSelection
  select: (selection: GroupSelection) => void
  panel: (variant: 'side' | 'menu') => ReactNode
  /** onDone: after a successful move (the page clears its selection). */
  moveCodes: (ids: number[], label: string, onDone?: () => void) => void
  styleQr: (code: CodeSummary) => void
  dialogs: ReactNode
}

export function useCodeGroups({ onSelect }: { onSelect: () => void }): CodeGroupsUi {
  const api = useApi()
  const notify = useNotify()
  const { dataVersion, bumpData } = useWorkspace()
  const [selected, setSelected] = useState<GroupSelection>(undefined)
  const [naming, setNaming] = useState<NameTarget>(null)
  const [deleting, setDeleting] = useState<(CodeGroup & CodeGroupTotals) | null>(null)
  const [moving, setMoving] = useState<{
    ids: number[]
    label: string
    onDone?: (() => void) | undefined
  } | null>(null)
  const [styling, setStyling] = useState<{ id: number; name: string } | null>(null)
  const list = useQuery(() => api.listCodeGroups({}), `groups:${dataVersion}`)

  const select = (selection: GroupSelection) => {
    setSelected(selection)
    onSelect()
  }

  const submitName = async (name: string) => {
    if (naming?.mode === 'rename') {
      await api.renameCodeGroup({ id: naming.group.id, name })
      notify(`已把分组「${naming.group.name}」改名为「${name}」`, { severity: 'success' })
    } else {
      await api.createCodeGroup({ name })
      notify(`已新建分组「${name}」`, { severity: 'success' })
    }
    bumpData()
  }

  const removeGroup = async () => {
    if (!deleting) return
    const { moved } = await api.deleteCodeGroup({ id: deleting.id })
    notify(
      moved > 0
        ? `已删除分组「${deleting.name}」，其中 ${moved} 个活码已移到“${UNGROUPED_LABEL}”`
        : `已删除分组「${deleting.name}」`,
      { severity: 'success' },
    )
    if (selected === deleting.id) select(undefined)
    bumpData()
  }

  const move = async (groupId: number | null) => {
    if (!moving) return
    await api.moveCodesToGroup({ ids: moving.ids, groupId })
    const target =
      groupId === null ? UNGROUPED_LABEL : (list.data?.groups.find((g) => g.id === groupId)?.name ?? '')
    notify(`已把${moving.label}移动到「${target}」`, { severity: 'success' })
    moving.onDone?.()
    bumpData()
  }

  const panel = (variant: 'side' | 'menu') => (
    <CodeGroupPanel
      variant={variant}
      data={list.data}
      selected={selected}
      onSelect={select}
      onCreate={() => setNaming({ mode: 'create' })}
      onRename={(group) => setNaming({ mode: 'rename', group })}
      onDelete={setDeleting}
    />
  )

  const dialogs = (
    <>
      <GroupNameDialog
        target={
          naming === null
            ? null
            : naming.mode === 'create'
              ? naming
              : { mode: 'rename', name: naming.group.name }
        }
        onSubmit={submitName}
        onClose={() => setNaming(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="删除分组"
        confirmLabel="删除分组"
        danger
        onConfirm={removeGroup}
        onClose={() => setDeleting(null)}
      >
        <Typography variant="body2" sx={{ mb: 1 }}>
          确定删除分组「{deleting?.name}」吗？
        </Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {deleting && deleting.codeCount > 0
            ? `其中的 ${deleting.codeCount} 个活码不会被删除，会移到“${UNGROUPED_LABEL}”；二维码、客户和统计都不受影响。`
            : '这个分组里没有活码。'}
        </Typography>
      </ConfirmDialog>
      <MoveToGroupDialog
        target={moving}
        groups={list.data?.groups ?? []}
        onMove={move}
        onCreateGroup={() => setNaming({ mode: 'create' })}
        onClose={() => setMoving(null)}
      />
      <QrStyleDialog
        code={styling}
        onClose={() => setStyling(null)}
        onSaved={(name) => {
          if (styling) forgetQrImage(styling.id)
          notify(`已保存「${name}」的二维码样式，下载和打印都会使用它`, { severity: 'success' })
          bumpData()
        }}
      />
    </>
  )

  return {
    selected,
    select,
    panel,
    moveCodes: (ids, label, onDone) => setMoving({ ids, label, onDone }),
    styleQr: (code) => setStyling({ id: code.id, name: code.name }),
    dialogs,
  }
}
