// A small 复制 button: copies the text and confirms with the snackbar.

import Button from '@mui/material/Button'
import IconButton from '@mui/material/IconButton'
import Tooltip from '@mui/material/Tooltip'
import { useNotify } from '../hooks/notify-context'
import { copyText } from '../lib/clipboard'
import { CopyIcon } from './icons'

interface Props {
  text: string
  label?: string
  /** What was copied, for the snackbar: "已复制回调地址". */
  what?: string
  iconOnly?: boolean
  disabled?: boolean
}

export function CopyButton({ text, label = '复制', what, iconOnly, disabled }: Props) {
  const notify = useNotify()
  const copy = async () => {
    const ok = await copyText(text)
    if (ok) notify(what ? `已复制${what}` : '已复制', { severity: 'success', durationMs: 1800 })
    else notify('复制失败：请手动选中文字后按 Ctrl+C', { severity: 'warning' })
  }
  if (iconOnly) {
    return (
      <Tooltip title={label}>
        <span>
          <IconButton size="small" onClick={() => void copy()} disabled={disabled} aria-label={label}>
            <CopyIcon fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
    )
  }
  return (
    <Button
      size="small"
      onClick={() => void copy()}
      disabled={disabled}
      sx={{ minWidth: 0, px: 1, whiteSpace: 'nowrap', flexShrink: 0 }}
    >
      {label}
    </Button>
  )
}
