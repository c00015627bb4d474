// The welcome message's content: 欢迎语1 (text with character and byte count) and 欢迎语2 (image or link).
// Used for a code's own welcome and for the workspace default.

import Box from '@mui/material/Box'
import FormControlLabel from '@mui/material/FormControlLabel'
import Radio from '@mui/material/Radio'
import RadioGroup from '@mui/material/RadioGroup'
import TextField from '@mui/material/TextField'
import { utf8Bytes, WELCOME_TEXT_MAX_BYTES } from '../../common/limits'
import { fieldDomId, type FieldErrors } from '../lib/field-errors'
import type { AttachmentKind, WelcomeDraft } from '../lib/welcome-draft'
import { FieldError, FormRow } from './FormRow'
import { ImageUpload } from './ImageUpload'
import { LinkFields } from './LinkFields'

interface Props {
  value: WelcomeDraft
  onChange: (draft: WelcomeDraft) => void
  errors: FieldErrors
}

export function WelcomeEditor({ value, onChange, errors }: Props) {
  const set = (patch: Partial<WelcomeDraft>) => onChange({ ...value, ...patch })
  const bytes = utf8Bytes(value.text)
  const chars = [...value.text].length
  const textError = errors['welcome.text']
  const attachmentError =
    errors['welcome.attachment'] ??
    errors['welcome.attachment.dataBase64'] ??
    errors['welcome.attachment.mimeType'] ??
    errors['welcome.attachment.fileName']

  return (
    <>
      <FormRow label="欢迎语1" htmlFor={fieldDomId('welcome.text')}>
        <TextField
          id={fieldDomId('welcome.text')}
          multiline
          fullWidth
          minRows={3}
          maxRows={10}
          placeholder="例如：您好，我是您的专属顾问，很高兴为您服务！有任何问题都可以直接问我。"
          value={value.text}
          onChange={(e) => set({ text: e.target.value })}
          error={Boolean(textError)}
          helperText={
            textError ?? (
              <Box component="span" sx={{ display: 'flex', justifyContent: 'space-between' }}>
                <span>纯文本，客户添加成功后立即发送</span>
                <Box
                  component="span"
                  sx={{ color: bytes > WELCOME_TEXT_MAX_BYTES ? 'error.main' : undefined }}
                >
                  {chars} 字 · {bytes}/{WELCOME_TEXT_MAX_BYTES} 字节
                </Box>
              </Box>
            )
          }
        />
      </FormRow>
      <FormRow label="欢迎语2">
        <RadioGroup
          row
          value={value.attachmentKind}
          onChange={(e) => set({ attachmentKind: e.target.value as AttachmentKind })}
          aria-label="欢迎语2类型"
        >
          <FormControlLabel value="image" control={<Radio size="small" />} label="图片" />
          <FormControlLabel value="link" control={<Radio size="small" />} label="链接" />
          <FormControlLabel value="none" control={<Radio size="small" />} label="不添加" />
        </RadioGroup>
        <Box sx={{ mt: 1 }}>
          {value.attachmentKind === 'image' && (
            <ImageUpload
              id={fieldDomId('welcome.attachment')}
              value={value.image}
              onChange={(image) => set({ image })}
              error={attachmentError}
            />
          )}
          {value.attachmentKind === 'link' && (
            <>
              <LinkFields
                value={value.link}
                onChange={(link) => set({ link })}
                errors={errors}
                path="welcome.attachment"
              />
              <FieldError message={errors['welcome.attachment']} />
            </>
          )}
        </Box>
      </FormRow>
    </>
  )
}
