// 新建分组 / 重命名分组: one name, checked as it is typed (common/code-groups.ts), a duplicate
// reported by main shown under the field.

import { useState } from 'react'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import TextField from '@mui/material/TextField'
import { GROUP_NAME_MAX, groupNameSchema } from '../../common/code-groups'
import { errorMessage } from '../lib/errors'

interface Props {
  /** null: closed. */
  target: { mode: 'create' } | { mode: 'rename'; name: string } | null
  onSubmit: (name: string) => Promise<void>
  onClose: () => void
}

export function GroupNameDialog({ target, onSubmit, onClose }: Props) {
  return (
    <Dialog open={target !== null} onClose={onClose} maxWidth="xs" fullWidth>
      {target && (
        <NameForm
          key={target.mode === 'rename' ? `r:${target.name}` : 'c'}
          title={target.mode === 'create' ? '新建分组' : '重命名分组'}
          initial={target.mode === 'rename' ? target.name : ''}
          onSubmit={onSubmit}
          onClose={onClose}
        />
      )}
    </Dialog>
  )
}

function NameForm({
  title,
  initial,
  onSubmit,
  onClose,
}: {
  title: string
  initial: string
  onSubmit: (name: string) => Promise<void>
  onClose: () => void
}) {
  const [name, setName] = useState(initial)
  const [touched, setTouched] = useState(false)
  const [serverError, setServerError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const parsed = groupNameSchema.safeParse(name)
  const problem = parsed.success ? null : (parsed.error.issues[0]?.message ?? '分组名称无效')
  const shown = serverError ?? (touched ? problem : null)

  const submit = async () => {
    setTouched(true)
    if (!parsed.success) return
    setBusy(true)
    setServerError(null)
    try {
      await onSubmit(parsed.data)
      onClose()
    } catch (err) {
      setServerError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          fullWidth
          size="small"
          label="分组名称"
          placeholder="如：朝阳区门店、2026 春季展会"
          value={name}
          onChange={(e) => {
            setName(e.target.value)
            setServerError(null)
          }}
          onBlur={() => setTouched(true)}
          error={shown !== null}
          helperText={shown ?? `最多 ${GROUP_NAME_MAX} 个字`}
          sx={{ mt: 1 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>取消</Button>
        <Button
          type="submit"
          variant="contained"
          disabled={busy}
          startIcon={busy ? <CircularProgress size={14} /> : null}
        >
          确定
        </Button>
      </DialogActions>
    </form>
  )
}
