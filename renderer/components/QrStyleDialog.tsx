// 二维码样式 for one code: colours, the text under the code and a centre logo, with a live preview
// rendered by main exactly as the download, ZIP and print sheet will be. A colour pair that would
// scan badly is refused here at once (common/qr-style.ts) and again by main.

import { useEffect, useRef, useState } from 'react'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import TextField from '@mui/material/TextField'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import {
  DEFAULT_QR_STYLE,
  QR_CAPTION_MAX,
  QR_LOGO_MAX_BYTES,
  qrColourProblem,
  type QrLogo,
  type QrStyle,
} from '../../common/qr-style'
import { useApi } from '../hooks/api-context'
import { errorMessage } from '../lib/errors'
import { dataUrlOf, formatBytes, readAsBase64 } from '../lib/files'

interface Props {
  /** The code whose QR is styled; null: closed. */
  code: { id: number; name: string } | null
  onClose: () => void
  onSaved: (name: string) => void
}

/** Pairs that scan well and look like brands a shop might have. */
const PRESETS: { label: string; foreground: string; background: string }[] = [
  { label: '经典黑白', foreground: '#000000', background: '#ffffff' },
  { label: '商务蓝', foreground: '#0b3d91', background: '#f3f7ff' },
  { label: '森林绿', foreground: '#0b5d3b', background: '#f2fbf6' },
  { label: '酒红', foreground: '#7a1f12', background: '#fff4ef' },
  { label: '深紫', foreground: '#4a1a7a', background: '#ffffff' },
]

export function QrStyleDialog({ code, onClose, onSaved }: Props) {
  return (
    <Dialog open={code !== null} onClose={onClose} maxWidth="md" fullWidth>
      {code && <StyleForm key={code.id} code={code} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  )
}

function ColourField({
  label,
  value,
  onChange,
  invalid,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  invalid: boolean
}) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <Box
        component="input"
        type="color"
        aria-label={`${label}取色`}
        value={/^#[0-9a-f]{6}$/i.test(value) ? value : '#000000'}
        onChange={(e) => onChange((e.target as HTMLInputElement).value)}
        sx={{
          width: 36,
          height: 36,
          p: 0,
          border: '1px solid',
          borderColor: 'divider',
          borderRadius: 1,
          cursor: 'pointer',
          bgcolor: 'transparent',
        }}
      />
      <TextField
        size="small"
        label={label}
        value={value}
        error={invalid}
        onChange={(e) => onChange(e.target.value.trim())}
        slotProps={{ htmlInput: { maxLength: 7, spellCheck: false } }}
        sx={{ width: 132, '& input': { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' } }}
      />
    </Box>
  )
}

function StyleForm({
  code,
  onClose,
  onSaved,
}: {
  code: { id: number; name: string }
  onClose: () => void
  onSaved: (name: string) => void
}) {
  const api = useApi()
  const [style, setStyle] = useState<QrStyle | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [preview, setPreview] = useState<{ src: string | null; error: string | null; busy: boolean }>({
    src: null,
    error: null,
    busy: true,
  })
  const [logoError, setLogoError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    let live = true
    api.getQrStyle({ id: code.id }).then(
      (s) => live && setStyle(s),
      (err: unknown) => live && setLoadError(errorMessage(err)),
    )
    return () => {
      live = false
    }
  }, [api, code.id])

  const colourProblem = style ? qrColourProblem(style.foreground, style.background) : null
  const captionProblem =
    style && [...style.caption.trim()].length > QR_CAPTION_MAX
      ? `二维码下方文字不能超过 ${QR_CAPTION_MAX} 个字`
      : null
  const problem = colourProblem ?? captionProblem

  // The preview follows every change, a quarter second after typing stops; a bad pair keeps the
  // last good preview and says why instead.
  const styleKey = style
    ? JSON.stringify({ ...style, logo: style.logo?.dataBase64.length ?? 0, n: style.logo?.fileName })
    : ''
  useEffect(() => {
    if (!style || problem) return
    let live = true
    const timer = setTimeout(() => {
      setPreview((p) => ({ ...p, busy: true }))
      api.previewQrStyle({ id: code.id, style }).then(
        (r) => live && setPreview({ src: r.pngDataUrl, error: null, busy: false }),
        (err: unknown) => live && setPreview((p) => ({ ...p, error: errorMessage(err), busy: false })),
      )
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
    // styleKey stands for style: the logo's bytes need not be compared on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, code.id, styleKey, problem])

  const update = (change: Partial<QrStyle>) => {
    setSaveError(null)
    setStyle((s) => (s ? { ...s, ...change } : s))
  }

  const pickLogo = async (file: File | undefined) => {
    if (!file) return
    const ext = file.name.toLowerCase().split('.').pop() ?? ''
    const mimeType: QrLogo['mimeType'] | null =
      file.type === 'image/png' || ext === 'png'
        ? 'image/png'
        : /^image\/jpe?g$/.test(file.type) || ['jpg', 'jpeg'].includes(ext)
          ? 'image/jpeg'
          : null
    if (!mimeType) return setLogoError('Logo 只支持 PNG 或 JPG 图片')
    if (file.size === 0) return setLogoError('Logo 图片文件为空')
    if (file.size > QR_LOGO_MAX_BYTES)
      return setLogoError(`Logo 图片不能超过 1 MB（这张 ${formatBytes(file.size)}）`)
    setLogoError(null)
    update({ logo: { fileName: file.name, mimeType, dataBase64: await readAsBase64(file) } })
  }

  const save = async () => {
    if (!style || problem) return
    setSaving(true)
    setSaveError(null)
    try {
      await api.setQrStyle({ id: code.id, style })
      onSaved(code.name)
      onClose()
    } catch (err) {
      setSaveError(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <>
      <DialogTitle>二维码样式 · {code.name}</DialogTitle>
      <DialogContent>
        {loadError && <Alert severity="error">{loadError}</Alert>}
        {style && (
          <Box sx={{ display: 'flex', gap: 3, alignItems: 'flex-start', flexWrap: 'wrap' }}>
            <Box sx={{ flex: '1 1 340px', display: 'flex', flexDirection: 'column', gap: 2, pt: 1 }}>
              <Box>
                <Typography variant="subtitle2" sx={{ mb: 1 }}>
                  颜色
                </Typography>
                <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
                  <ColourField
                    label="码点颜色"
                    value={style.foreground}
                    invalid={colourProblem !== null}
                    onChange={(foreground) => update({ foreground })}
                  />
                  <ColourField
                    label="背景颜色"
                    value={style.background}
                    invalid={colourProblem !== null}
                    onChange={(background) => update({ background })}
                  />
                </Box>
                <Box sx={{ display: 'flex', gap: 0.75, mt: 1.25, flexWrap: 'wrap' }}>
                  {PRESETS.map((p) => (
                    <Tooltip key={p.label} title={`${p.foreground} / ${p.background}`} describeChild>
                      <Button
                        size="small"
                        variant="outlined"
                        color="inherit"
                        onClick={() => update({ foreground: p.foreground, background: p.background })}
                        sx={{ borderColor: 'divider', gap: 0.75, py: 0.25 }}
                      >
                        <Box
                          sx={{
                            width: 14,
                            height: 14,
                            borderRadius: 0.5,
                            border: '3px solid',
                            borderColor: p.background,
                            bgcolor: p.foreground,
                            outline: '1px solid rgba(0,0,0,.15)',
                          }}
                        />
                        {p.label}
                      </Button>
                    </Tooltip>
                  ))}
                </Box>
                {colourProblem && (
                  <Alert severity="error" sx={{ mt: 1.25 }} role="alert">
                    {colourProblem}
                  </Alert>
                )}
              </Box>
              <TextField
                size="small"
                label="二维码下方文字"
                placeholder={code.name}
                value={style.caption}
                onChange={(e) => update({ caption: e.target.value })}
                error={captionProblem !== null}
                helperText={captionProblem ?? `留空则显示渠道名称；最多 ${QR_CAPTION_MAX} 个字`}
              />
              <Box>
                <Typography variant="subtitle2" sx={{ mb: 1 }}>
                  中间 Logo
                </Typography>
                <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
                  {style.logo && (
                    <Box
                      component="img"
                      src={dataUrlOf(style.logo)}
                      alt="Logo"
                      sx={{
                        width: 44,
                        height: 44,
                        objectFit: 'contain',
                        border: '1px solid',
                        borderColor: 'divider',
                        borderRadius: 1,
                      }}
                    />
                  )}
                  <Button size="small" variant="outlined" onClick={() => fileInput.current?.click()}>
                    {style.logo ? '更换 Logo' : '上传 Logo'}
                  </Button>
                  {style.logo && (
                    <Button size="small" color="inherit" onClick={() => update({ logo: null })}>
                      移除
                    </Button>
                  )}
                  <input
                    ref={fileInput}
                    type="file"
                    accept="image/png,image/jpeg"
                    hidden
                    aria-label="选择 Logo 图片"
                    onChange={(e) => {
                      void pickLogo(e.target.files?.[0])
                      e.target.value = ''
                    }}
                  />
                </Box>
                <Typography
                  variant="caption"
                  sx={{ color: logoError ? 'error.main' : 'text.secondary', display: 'block', mt: 0.75 }}
                >
                  {logoError ??
                    'PNG 或 JPG，不超过 1 MB。放了 Logo 的二维码自动使用最高容错级别（H），Logo 盖住的部分不影响扫码。'}
                </Typography>
              </Box>
            </Box>
            <Box sx={{ flex: '0 0 260px', textAlign: 'center' }}>
              <Typography variant="subtitle2" sx={{ mb: 1, textAlign: 'left' }}>
                预览
              </Typography>
              <Box
                sx={{
                  position: 'relative',
                  width: 260,
                  minHeight: 260,
                  border: '1px solid',
                  borderColor: 'divider',
                  borderRadius: 1,
                  display: 'grid',
                  placeItems: 'center',
                  bgcolor: '#fafbfc',
                  p: 1,
                }}
              >
                {preview.src && (
                  <Box
                    component="img"
                    src={preview.src}
                    alt={`${code.name} 的二维码预览`}
                    sx={{ width: 240, display: 'block', opacity: problem ? 0.35 : 1 }}
                  />
                )}
                {preview.busy && (
                  <CircularProgress
                    size={24}
                    sx={{ position: 'absolute', top: 'calc(50% - 12px)', left: 'calc(50% - 12px)' }}
                  />
                )}
              </Box>
              {preview.error && (
                <Alert severity="warning" sx={{ mt: 1, textAlign: 'left' }}>
                  {preview.error}
                </Alert>
              )}
              <Typography variant="caption" sx={{ color: 'text.secondary', display: 'block', mt: 1 }}>
                下载、批量下载和打印都会使用这个样式
              </Typography>
            </Box>
          </Box>
        )}
        {saveError && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {saveError}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button
          color="inherit"
          onClick={() => update({ ...DEFAULT_QR_STYLE })}
          sx={{ mr: 'auto' }}
          disabled={!style}
        >
          恢复默认
        </Button>
        <Button onClick={onClose}>取消</Button>
        <Button
          variant="contained"
          onClick={() => void save()}
          disabled={!style || problem !== null || saving}
          startIcon={saving ? <CircularProgress size={14} /> : null}
        >
          保存样式
        </Button>
      </DialogActions>
    </>
  )
}
