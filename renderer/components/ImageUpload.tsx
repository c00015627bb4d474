// 欢迎语2 图片: pick or drop a JPG/PNG up to 2 MB, see it, remove it. Checked on pick so the manager
// hears at once why a file was refused.

import { useRef, useState, type DragEvent } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import type { WelcomeImage } from '../../common/domain'
import { IMAGE_MAX_BYTES, IMAGE_MIN_BYTES } from '../../common/limits'
import { dataUrlOf, formatBytes, readAsBase64 } from '../lib/files'
import { base64Bytes } from '../../common/limits'
import { FieldError } from './FormRow'
import { AddIcon } from './icons'

interface Props {
  id: string
  value: WelcomeImage | null
  onChange: (image: WelcomeImage | null) => void
  error?: string | undefined
}

const ACCEPTED: Record<string, WelcomeImage['mimeType']> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
}

/** Returns the refusal message for a picked file, or null when it is acceptable. */
export function imageProblem(file: { type: string; size: number; name: string }): string | null {
  const ext = file.name.toLowerCase().split('.').pop() ?? ''
  if (!ACCEPTED[file.type] && !['png', 'jpg', 'jpeg'].includes(ext)) return '图片只支持 JPG 或 PNG 格式'
  if (file.size < IMAGE_MIN_BYTES) return '图片文件为空'
  if (file.size > IMAGE_MAX_BYTES) return `图片不能超过 2 MB（这张 ${formatBytes(file.size)}）`
  return null
}

export function ImageUpload({ id, value, onChange, error }: Props) {
  const input = useRef<HTMLInputElement>(null)
  const [localError, setLocalError] = useState<string | null>(null)
  const [dragging, setDragging] = useState(false)

  const take = async (file: File | undefined) => {
    if (!file) return
    const problem = imageProblem(file)
    if (problem) {
      setLocalError(problem)
      return
    }
    setLocalError(null)
    const dataBase64 = await readAsBase64(file)
    const ext = file.name.toLowerCase().split('.').pop() ?? ''
    const mimeType = ACCEPTED[file.type] ?? (ext === 'png' ? 'image/png' : 'image/jpeg')
    onChange({ kind: 'image', fileName: file.name, mimeType, dataBase64 })
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    void take(event.dataTransfer.files[0])
  }

  return (
    <Box>
      <input
        ref={input}
        type="file"
        accept=".jpg,.jpeg,.png,image/png,image/jpeg"
        hidden
        aria-label="上传欢迎语图片"
        onChange={(e) => {
          void take(e.target.files?.[0])
          e.target.value = ''
        }}
      />
      {value ? (
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
          <Box
            component="img"
            src={dataUrlOf(value)}
            alt={value.fileName}
            sx={{
              width: 120,
              height: 120,
              objectFit: 'cover',
              borderRadius: 1,
              border: '1px solid',
              borderColor: 'divider',
            }}
          />
          <Box>
            <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
              {value.fileName}
            </Typography>
            <Typography variant="caption" sx={{ color: 'text.secondary' }}>
              {formatBytes(base64Bytes(value.dataBase64))}
            </Typography>
            <Box sx={{ mt: 1, display: 'flex', gap: 1 }}>
              <Button id={id} size="small" variant="outlined" onClick={() => input.current?.click()}>
                更换
              </Button>
              <Button size="small" color="error" onClick={() => onChange(null)}>
                移除
              </Button>
            </Box>
          </Box>
        </Box>
      ) : (
        <Box
          id={id}
          component="button"
          type="button"
          onClick={() => input.current?.click()}
          onDragOver={(e: DragEvent) => {
            e.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          sx={{
            width: 120,
            height: 120,
            border: '1px dashed',
            borderColor: error || localError ? 'error.main' : dragging ? 'primary.main' : '#c4cad3',
            borderRadius: 1,
            bgcolor: dragging ? 'primary.light' : '#fafbfc',
            color: 'text.secondary',
            cursor: 'pointer',
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'center',
            justifyContent: 'center',
            gap: 0.5,
            font: 'inherit',
            '&:hover, &:focus-visible': { borderColor: 'primary.main', color: 'primary.main' },
          }}
        >
          <AddIcon />
          <Typography variant="body2">上传</Typography>
        </Box>
      )}
      <Typography variant="caption" component="div" sx={{ color: 'text.secondary', mt: 0.75 }}>
        支持 JPG、PNG，不超过 2 MB；可拖入图片
      </Typography>
      <FieldError message={localError ?? error} />
    </Box>
  )
}
