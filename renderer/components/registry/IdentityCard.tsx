// 我是谁: the manager picks themself from the corp's members (or types a display name); that name is
// the creator of every code this desktop makes, in the list, its 创建人 filter and the export.

import { useState } from 'react'
import Alert from '@mui/material/Alert'
import Autocomplete from '@mui/material/Autocomplete'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import TextField from '@mui/material/TextField'
import { useApi } from '../../hooks/api-context'
import { useNotify } from '../../hooks/notify-context'
import { useQuery } from '../../hooks/useQuery'
import { useWorkspace } from '../../hooks/workspace-context'
import { errorMessage } from '../../lib/errors'

export function IdentityCard() {
  const api = useApi()
  const notify = useNotify()
  const { dataVersion, bumpData } = useWorkspace()
  const identity = useQuery(() => api.getIdentity({}), `identity-${dataVersion}`)
  // What the manager typed; null shows the stored name.
  const [draft, setDraft] = useState<string | null>(null)
  const name = draft ?? identity.data?.name ?? ''
  const [saving, setSaving] = useState(false)

  const save = async () => {
    setSaving(true)
    try {
      const saved = await api.setIdentity({ name })
      notify(`已设为「${saved.name}」：之后新建的活码创建人都是这个名字`, { severity: 'success' })
      setDraft(null)
      identity.reload()
      bumpData()
    } catch (error) {
      notify(errorMessage(error), { severity: 'error' })
    } finally {
      setSaving(false)
    }
  }

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, maxWidth: 520 }}>
      {identity.data && !identity.data.chosen && (
        <Alert severity="info">
          还没有选择你是谁：请从企业成员中选择自己，或输入显示名。它会作为你新建活码的创建人。
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center' }}>
        <Autocomplete
          freeSolo
          fullWidth
          // Until the stored name is read, typing would race it (and be merged into it).
          disabled={!identity.data}
          size="small"
          options={identity.data?.suggestions ?? []}
          inputValue={name}
          onInputChange={(_, value, reason) => {
            if (reason !== 'reset') setDraft(value)
          }}
          onChange={(_, value) => {
            if (typeof value === 'string') setDraft(value)
          }}
          renderInput={(params) => <TextField {...params} label="我是" placeholder="选择成员或输入显示名" />}
        />
        <Button
          variant="contained"
          onClick={() => void save()}
          disabled={saving || name.trim() === '' || name.trim() === identity.data?.name}
        >
          保存
        </Button>
      </Box>
    </Box>
  )
}
