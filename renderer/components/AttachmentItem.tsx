// One card of the 附件 list: its number and kind, move up/down and delete, and the fields of its kind —
// an image or a video/file by its picked file, a link's title/URL/description with a cover typed as
// a URL or uploaded from disk, a mini-program's title, AppID, page and (required) cover. Byte limits
// are counted as you type; errors come keyed by field from lib/code-form.ts.

import { useState, type ReactNode } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { ATTACHMENT_KIND_LABELS } from '../../common/attachment-check'
import { base64Bytes, utf8Bytes } from '../../common/limits'
import { MINIPROGRAM_TITLE_MAX_BYTES, type RichAttachment } from '../../common/welcome-schemas'
import { NO_COVER } from '../lib/attachments-form'
import { fieldDomId, type FieldErrors } from '../lib/field-errors'
import { dataUrlOf, formatBytes } from '../lib/files'
import { FilePickButton, type PickedFile } from './FilePickButton'
import { FieldError } from './FormRow'
import { LinkFields } from './LinkFields'

type Cover = { fileName: string; mimeType: 'image/png' | 'image/jpeg'; dataBase64: string }

interface Props {
  value: RichAttachment
  index: number
  /** Said before 附件N in every label ('时段1'), so a window's cards are told from the code's. */
  prefix?: string
  count: number
  onChange: (a: RichAttachment) => void
  onMove: (to: number) => void
  onRemove: () => void
  errors: FieldErrors
  /** 'rich.welcomeAttachments.3': the prefix of this card's error keys and field ids. */
  path: string
}

const asCover = (f: PickedFile): Cover => ({
  fileName: f.fileName,
  mimeType: f.mimeType === 'image/png' ? 'image/png' : 'image/jpeg',
  dataBase64: f.dataBase64,
})

export function AttachmentItem({
  value,
  index,
  prefix = '',
  count,
  onChange,
  onMove,
  onRemove,
  errors,
  path,
}: Props) {
  const n = index + 1
  const err = (field: string) => errors[`${path}.${field}`]
  const [pickError, setPickError] = useState<string | null>(null)
  return (
    <Box
      data-testid={`attachment-${index}`}
      sx={{ border: '1px solid', borderColor: 'divider', borderRadius: 1.5, p: 1.5 }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, mb: 1 }}>
        <Typography variant="body2" sx={{ fontWeight: 500, flex: 1 }}>
          附件{n} · {ATTACHMENT_KIND_LABELS[value.kind]}
        </Typography>
        <Button
          size="small"
          sx={{ minWidth: 0 }}
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
          aria-label={`${prefix}附件${n}上移`}
        >
          上移
        </Button>
        <Button
          size="small"
          sx={{ minWidth: 0 }}
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
          aria-label={`${prefix}附件${n}下移`}
        >
          下移
        </Button>
        <Button
          size="small"
          color="error"
          sx={{ minWidth: 0 }}
          onClick={onRemove}
          aria-label={`删除${prefix}附件${n}`}
        >
          删除
        </Button>
      </Box>

      {value.kind === 'image' && (
        <FileRow
          preview={dataUrlOf(value)}
          name={value.fileName}
          bytes={base64Bytes(value.dataBase64)}
          action={
            <FilePickButton
              role="image"
              inputLabel={`${prefix}附件${n}更换图片`}
              onProblem={setPickError}
              onPicked={(f) => onChange({ ...value, ...asCover(f) })}
            >
              更换
            </FilePickButton>
          }
        />
      )}

      {(value.kind === 'video' || value.kind === 'file') && (
        <FileRow
          name={value.fileName}
          bytes={base64Bytes(value.dataBase64)}
          note={value.kind === 'video' ? 'MP4，不超过 10 MB' : '不超过 20 MB'}
          action={
            <FilePickButton
              role={value.kind}
              inputLabel={`${prefix}附件${n}更换${ATTACHMENT_KIND_LABELS[value.kind]}`}
              onProblem={setPickError}
              onPicked={(f) =>
                onChange(
                  value.kind === 'video'
                    ? { ...value, fileName: f.fileName, dataBase64: f.dataBase64 }
                    : { ...value, fileName: f.fileName, dataBase64: f.dataBase64, mimeType: f.mimeType },
                )
              }
            >
              更换
            </FilePickButton>
          }
        />
      )}

      {value.kind === 'link' && (
        <>
          <LinkFields
            value={value}
            onChange={(link) => onChange({ ...value, ...link })}
            errors={errors}
            path={path}
          />
          <CoverField
            label="或上传封面"
            hint="从电脑选择 JPG/PNG（不超过 2 MB），上传后优先于封面图片地址"
            cover={value.cover ?? null}
            inputLabel={`${prefix}附件${n}上传封面`}
            onCover={(cover) => onChange({ ...value, cover })}
            onProblem={setPickError}
            error={err('cover')}
          />
        </>
      )}

      {value.kind === 'miniprogram' && (
        <Box sx={{ display: 'grid', gap: 1.5, maxWidth: 520 }}>
          <TextField
            id={fieldDomId(`${path}.title`)}
            label="小程序消息标题"
            required
            value={value.title}
            onChange={(e) => onChange({ ...value, title: e.target.value })}
            error={Boolean(err('title'))}
            helperText={
              err('title') ?? `${utf8Bytes(value.title.trim())}/${MINIPROGRAM_TITLE_MAX_BYTES} 字节`
            }
          />
          <TextField
            id={fieldDomId(`${path}.appid`)}
            label="小程序 AppID"
            required
            placeholder="wx 开头，如 wx1234567890abcdef"
            value={value.appid}
            onChange={(e) => onChange({ ...value, appid: e.target.value })}
            error={Boolean(err('appid'))}
            helperText={err('appid') ?? '须是已关联到企业的小程序'}
          />
          <TextField
            id={fieldDomId(`${path}.page`)}
            label="小程序页面路径"
            required
            placeholder="pages/index.html"
            value={value.page}
            onChange={(e) => onChange({ ...value, page: e.target.value })}
            error={Boolean(err('page'))}
            helperText={err('page') ?? '客户点开后进入的页面，以 .html 结尾'}
          />
          <CoverField
            label="封面图片"
            required
            hint="JPG/PNG，不超过 2 MB，建议 520×416"
            cover={value.cover.dataBase64 ? value.cover : null}
            inputLabel={`${prefix}附件${n}上传封面`}
            onCover={(cover) => onChange({ ...value, cover: cover ?? { ...NO_COVER } })}
            onProblem={setPickError}
            error={err('cover')}
          />
        </Box>
      )}

      <FieldError message={pickError ?? err('data')} />
    </Box>
  )
}

function FileRow(props: { preview?: string; name: string; bytes: number; note?: string; action: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center' }}>
      {props.preview && (
        <Box
          component="img"
          src={props.preview}
          alt={props.name}
          sx={{
            width: 64,
            height: 64,
            objectFit: 'cover',
            borderRadius: 1,
            border: '1px solid',
            borderColor: 'divider',
          }}
        />
      )}
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          {props.name}
        </Typography>
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>
          {formatBytes(props.bytes)}
          {props.note ? ` · ${props.note}` : ''}
        </Typography>
      </Box>
      {props.action}
    </Box>
  )
}

interface CoverProps {
  label: string
  hint: string
  required?: boolean
  cover: Cover | null
  inputLabel: string
  onCover: (cover: Cover | null) => void
  onProblem: (message: string | null) => void
  error?: string | undefined
}

function CoverField({ label, hint, required, cover, inputLabel, onCover, onProblem, error }: CoverProps) {
  return (
    <Box sx={{ mt: 1.5 }}>
      <Typography variant="body2" sx={{ mb: 0.5 }}>
        {required && (
          <Box component="span" sx={{ color: 'error.main', mr: 0.5 }}>
            *
          </Box>
        )}
        {label}
      </Typography>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center' }}>
        {cover ? (
          <Box
            component="img"
            src={dataUrlOf(cover)}
            alt={cover.fileName}
            data-testid="attachment-cover"
            sx={{
              width: 64,
              height: 64,
              objectFit: 'cover',
              borderRadius: 1,
              border: '1px solid',
              borderColor: 'divider',
            }}
          />
        ) : (
          <Box
            sx={{
              width: 64,
              height: 64,
              borderRadius: 1,
              border: '1px dashed',
              borderColor: error ? 'error.main' : '#c4cad3',
              bgcolor: '#fafbfc',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              color: 'text.secondary',
              fontSize: 12,
            }}
          >
            无封面
          </Box>
        )}
        <Box>
          <Box sx={{ display: 'flex', gap: 1 }}>
            <FilePickButton
              role="cover"
              inputLabel={inputLabel}
              onProblem={onProblem}
              onPicked={(f) => onCover(asCover(f))}
            >
              {cover ? '更换封面' : '上传封面'}
            </FilePickButton>
            {cover && (
              <Button size="small" color="error" onClick={() => onCover(null)}>
                移除封面
              </Button>
            )}
          </Box>
          <Typography
            variant="caption"
            component="div"
            sx={{ color: error ? 'error.main' : 'text.secondary', mt: 0.5 }}
          >
            {error ?? hint}
          </Typography>
        </Box>
      </Box>
    </Box>
  )
}
