// 附件: up to 9 attachments sent with the welcome (send_welcome_msg's limit, counting 欢迎语2), of
// every kind WeCom takes — image, link, mini-program, video, file. Add by kind (the file kinds open
// the file picker at once and are added only when the file passes its checks), reorder, delete; the
// count against 9 is always shown, and an empty list says what it is for.

import { useState } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import {
  ATTACHMENT_KIND_LABELS,
  attachmentsLeft,
  WELCOME_ATTACHMENTS_MAX,
} from '../../common/attachment-check'
import type { RichAttachment } from '../../common/welcome-schemas'
import { blankAttachment, moved } from '../lib/attachments-form'
import { fieldDomId, type FieldErrors } from '../lib/field-errors'
import { AttachmentItem } from './AttachmentItem'
import { FilePickButton } from './FilePickButton'
import { FieldError } from './FormRow'
import { AddIcon } from './icons'

interface Props {
  value: RichAttachment[]
  onChange: (list: RichAttachment[]) => void
  /** Attachments that go before these and count against the 9 (欢迎语2). */
  alreadyUsed: number
  errors: FieldErrors
  /** 'rich.welcomeAttachments': the list's error key; each card's keys are `${path}.${i}.field`. */
  path: string
  /** Said in every label ('时段1': 添加时段1图片附件), when the form has more than one list. */
  prefix?: string
}

export function AttachmentsEditor({ value, onChange, alreadyUsed, errors, path, prefix = '' }: Props) {
  const [addError, setAddError] = useState<string | null>(null)
  const used = value.length + alreadyUsed
  const left = attachmentsLeft(used)
  const full = left === 0
  const add = (a: RichAttachment) => onChange([...value, a])
  const listError = errors[path]

  return (
    <Box id={fieldDomId(path)} tabIndex={-1} sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      {value.length === 0 ? (
        <Box
          data-testid="attachments-empty"
          sx={{
            border: '1px dashed',
            borderColor: '#c4cad3',
            borderRadius: 1.5,
            bgcolor: '#fafbfc',
            px: 2,
            py: 1.5,
            color: 'text.secondary',
          }}
        >
          <Typography variant="body2">还没有附件</Typography>
          <Typography variant="caption" component="div">
            可在欢迎语后再发图片、链接、小程序、视频或文件，按下面的顺序发送；连同欢迎语2最多{' '}
            {WELCOME_ATTACHMENTS_MAX} 个。
          </Typography>
        </Box>
      ) : (
        value.map((a, i) => (
          <AttachmentItem
            key={i}
            value={a}
            index={i}
            prefix={prefix}
            count={value.length}
            onChange={(next) => onChange(value.map((x, j) => (j === i ? next : x)))}
            onMove={(to) => onChange(moved(value, i, to))}
            onRemove={() => onChange(value.filter((_, j) => j !== i))}
            errors={errors}
            path={`${path}.${i}`}
          />
        ))
      )}

      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
        <FilePickButton
          role="image"
          inputLabel={`添加${prefix}图片附件`}
          disabled={full}
          startIcon={<AddIcon fontSize="small" />}
          onProblem={setAddError}
          onPicked={(f) =>
            add({
              kind: 'image',
              fileName: f.fileName,
              mimeType: f.mimeType === 'image/png' ? 'image/png' : 'image/jpeg',
              dataBase64: f.dataBase64,
            })
          }
        >
          {ATTACHMENT_KIND_LABELS.image}
        </FilePickButton>
        {(['link', 'miniprogram'] as const).map((kind) => (
          <Button
            key={kind}
            size="small"
            variant="outlined"
            disabled={full}
            startIcon={<AddIcon fontSize="small" />}
            aria-label={`添加${prefix}${ATTACHMENT_KIND_LABELS[kind]}附件`}
            onClick={() => {
              setAddError(null)
              add(blankAttachment(kind))
            }}
          >
            {ATTACHMENT_KIND_LABELS[kind]}
          </Button>
        ))}
        <FilePickButton
          role="video"
          inputLabel={`添加${prefix}视频附件`}
          disabled={full}
          startIcon={<AddIcon fontSize="small" />}
          onProblem={setAddError}
          onPicked={(f) =>
            add({ kind: 'video', fileName: f.fileName, mimeType: 'video/mp4', dataBase64: f.dataBase64 })
          }
        >
          {ATTACHMENT_KIND_LABELS.video}
        </FilePickButton>
        <FilePickButton
          role="file"
          inputLabel={`添加${prefix}文件附件`}
          disabled={full}
          startIcon={<AddIcon fontSize="small" />}
          onProblem={setAddError}
          onPicked={(f) =>
            add({ kind: 'file', fileName: f.fileName, mimeType: f.mimeType, dataBase64: f.dataBase64 })
          }
        >
          {ATTACHMENT_KIND_LABELS.file}
        </FilePickButton>
        <Typography
          variant="caption"
          data-testid="attachments-count"
          sx={{ color: used > WELCOME_ATTACHMENTS_MAX ? 'error.main' : 'text.secondary', ml: 0.5 }}
        >
          已用 {used}/{WELCOME_ATTACHMENTS_MAX}
          {alreadyUsed ? '（含欢迎语2）' : ''}
          {full ? '，已达企业微信的上限' : ''}
        </Typography>
      </Box>
      <Typography variant="caption" sx={{ color: 'text.secondary', mt: -1 }}>
        图片 JPG/PNG ≤ 2 MB · 视频 MP4 ≤ 10 MB · 文件 ≤ 20 MB · 全部附件合计 ≤ 11 MB
      </Typography>
      <FieldError message={addError ?? listError} />
    </Box>
  )
}
