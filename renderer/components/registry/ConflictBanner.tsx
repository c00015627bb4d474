// Above the code list: the codes whose edit met another manager's change, each opening the conflict
// screen. Reloaded with every data change (a sync, a save).

import { useState } from 'react'
import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import { useApi } from '../../hooks/api-context'
import { useQuery } from '../../hooks/useQuery'
import { useWorkspace } from '../../hooks/workspace-context'
import { ConflictDialog } from './ConflictDialog'

export function ConflictBanner() {
  const api = useApi()
  const { dataVersion, bumpData } = useWorkspace()
  const conflicts = useQuery(() => api.listCodeConflicts({}), `conflicts-${dataVersion}`)
  const [openId, setOpenId] = useState<number | null>(null)
  const list = conflicts.data ?? []
  const open = list.find((c) => c.id === openId) ?? null
  if (list.length === 0) return null
  return (
    <>
      <Alert
        severity="warning"
        sx={{ mb: 1.5, flexShrink: 0 }}
        action={
          <Button color="inherit" size="small" onClick={() => setOpenId(list[0]!.id)}>
            处理冲突
          </Button>
        }
      >
        {list.length === 1
          ? `「${list[0]!.name}」与${list[0]!.theirs.by}的修改冲突，需要你选择保留哪一版。`
          : `${list.length} 个活码与其他管理员的修改冲突，需要你选择保留哪一版。`}
      </Alert>
      {open && (
        <ConflictDialog
          conflict={open}
          onClose={() => setOpenId(null)}
          onResolved={() => {
            setOpenId(null)
            conflicts.reload()
            bumpData()
          }}
        />
      )}
    </>
  )
}
