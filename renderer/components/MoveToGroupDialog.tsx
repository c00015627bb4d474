// 移动到分组: one code (from its row's ⋯) or the checked ones, into a group or back to 未分组.

import { useState } from 'react'
import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import FormControlLabel from '@mui/material/FormControlLabel'
import Radio from '@mui/material/Radio'
import RadioGroup from '@mui/material/RadioGroup'
import Typography from '@mui/material/Typography'
import { UNGROUPED_LABEL, type CodeGroup } from '../../common/code-groups'
import { errorMessage } from '../lib/errors'

interface Props {
  /** The codes to move (null: closed) and how the title names them. */
  target: { ids: number[]; label: string } | null
  groups: CodeGroup[]
  onMove: (groupId: number | null) => Promise<void>
  onCreateGroup: () => void
  onClose: () => void
}

export function MoveToGroupDialog({ target, groups, onMove, onCreateGroup, onClose }: Props) {
  const [choice, setChoice] = useState<string>('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const close = () => {
    setChoice('')
    setError(null)
    onClose()
  }
  const move = async () => {
    setBusy(true)
    setError(null)
    try {
      await onMove(choice === 'none' ? null : Number(choice))
      close()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open={target !== null} onClose={close} maxWidth="xs" fullWidth>
      <DialogTitle>移动到分组</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
          把{target?.label}移动到：
        </Typography>
        <RadioGroup aria-label="目标分组" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {groups.map((g) => (
            <FormControlLabel
              key={g.id}
              value={String(g.id)}
              control={<Radio size="small" />}
              label={g.name}
            />
          ))}
          <FormControlLabel
            value="none"
            control={<Radio size="small" />}
            label={`${UNGROUPED_LABEL}（移出所有分组）`}
          />
        </RadioGroup>
        {groups.length === 0 && (
          <Alert severity="info" sx={{ mt: 1 }}>
            还没有分组。
            <Button size="small" onClick={onCreateGroup}>
              新建分组
            </Button>
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>取消</Button>
        <Button
          variant="contained"
          disabled={choice === '' || busy}
          onClick={() => void move()}
          startIcon={busy ? <CircularProgress size={14} /> : null}
        >
          移动
        </Button>
      </DialogActions>
    </Dialog>
  )
}
