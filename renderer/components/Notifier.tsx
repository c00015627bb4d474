// Provides useNotify(): one snackbar at a time, newest wins.

import { useCallback, useState, type ReactNode } from 'react'
import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import Snackbar from '@mui/material/Snackbar'
import { NotifyContext, type NotifyOptions } from '../hooks/notify-context'

interface Message extends NotifyOptions {
  key: number
  text: string
}

export function Notifier({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<Message | null>(null)
  const [open, setOpen] = useState(false)

  const notify = useCallback((text: string, options: NotifyOptions = {}) => {
    setMessage({ key: Date.now(), text, ...options })
    setOpen(true)
  }, [])

  const close = () => setOpen(false)
  const severity = message?.severity ?? 'info'

  return (
    <NotifyContext value={notify}>
      {children}
      <Snackbar
        key={message?.key}
        open={open}
        autoHideDuration={message?.durationMs ?? (severity === 'error' ? 8000 : 4000)}
        onClose={(_, reason) => reason !== 'clickaway' && close()}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert
          severity={severity}
          variant="filled"
          onClose={close}
          sx={{ minWidth: 280, alignItems: 'center' }}
          action={
            message?.action ? (
              <Button
                color="inherit"
                size="small"
                onClick={() => {
                  message.action?.onClick()
                  close()
                }}
              >
                {message.action.label}
              </Button>
            ) : undefined
          }
        >
          {message?.text}
        </Alert>
      </Snackbar>
    </NotifyContext>
  )
}
