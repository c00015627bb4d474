// The workspace's 默认欢迎语: what codes set to 默认欢迎语 send. Same editor and checks as a code's own.

import { useState, type FormEvent } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Typography from '@mui/material/Typography'
import { BridgeError } from '../../common/bridge-result'
import type { Workspace } from '../../common/domain'
import { welcomeContentSchema } from '../../common/schemas'
import { useApi } from '../hooks/api-context'
import { useNotify } from '../hooks/notify-context'
import { errorMessage } from '../lib/errors'
import { errorsFromIssues, normalizeFields, type FieldErrors } from '../lib/field-errors'
import {
  draftFromWelcome,
  MISSING_IMAGE_MESSAGE,
  missingImage,
  welcomeFromDraft,
  type WelcomeDraft,
} from '../lib/welcome-draft'
import { WelcomeEditor } from './WelcomeEditor'

export function validateWelcomeDraft(draft: WelcomeDraft): FieldErrors {
  const parsed = welcomeContentSchema.safeParse(welcomeFromDraft(draft))
  const errors = parsed.success
    ? {}
    : errorsFromIssues(parsed.error.issues.map((i) => ({ ...i, path: ['welcome', ...i.path] })))
  if (missingImage(draft)) errors['welcome.attachment'] ??= MISSING_IMAGE_MESSAGE
  return errors
}

export function DefaultWelcomeCard({
  workspace,
  onSaved,
}: {
  workspace: Workspace
  onSaved: (w: Workspace) => void
}) {
  const api = useApi()
  const notify = useNotify()
  const [draft, setDraft] = useState<WelcomeDraft>(() => draftFromWelcome(workspace.defaultWelcome))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const found = validateWelcomeDraft(draft)
    setErrors(found)
    setMessage(null)
    if (Object.keys(found).length) return
    setBusy(true)
    try {
      const next = await api.setDefaultWelcome({ welcome: welcomeFromDraft(draft) })
      notify('默认欢迎语已保存', { severity: 'success' })
      onSaved(next)
    } catch (err) {
      setMessage(errorMessage(err))
      if (err instanceof BridgeError) setErrors(normalizeFields(err.fields))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Box component="form" onSubmit={(e: FormEvent) => void submit(e)} noValidate>
      <WelcomeEditor
        value={draft}
        onChange={(next) => {
          setDraft(next)
          if (Object.keys(errors).length) setErrors(validateWelcomeDraft(next))
        }}
        errors={errors}
      />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, pl: '144px', pt: 1 }}>
        <Button
          type="submit"
          variant="contained"
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
        >
          保存默认欢迎语
        </Button>
        {message && (
          <Typography role="alert" variant="body2" sx={{ color: 'error.main' }}>
            {message}
          </Typography>
        )}
      </Box>
    </Box>
  )
}
