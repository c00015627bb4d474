// The welcome's 附件 as the customer will see them after the text, in sending order: an image as
// itself, a link or mini-program as its card (with the uploaded cover), a video or file as its name
// and size. Read-only; the editor above is where they change.

import type { ReactNode } from 'react'
import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import { ATTACHMENT_KIND_LABELS } from '../../common/attachment-check'
import type { RichAttachment } from '../../common/welcome-schemas'
import { base64Bytes } from '../../common/limits'
import { dataUrlOf, formatBytes } from '../lib/files'
import { LinkIcon } from './icons'

const card = {
  display: 'flex',
  gap: 1.5,
  p: 1.25,
  width: 320,
  border: '1px solid',
  borderColor: 'divider',
  borderRadius: 1.5,
  bgcolor: 'background.paper',
} as const

function Thumb({ src, alt }: { src: string | null; alt: string }) {
  const box = { width: 40, height: 40, borderRadius: 1, flexShrink: 0 } as const
  if (src) return <Box component="img" src={src} alt={alt} sx={{ ...box, objectFit: 'cover' }} />
  return (
    <Box
      sx={{ ...box, bgcolor: 'primary.light', color: 'primary.main', display: 'grid', placeItems: 'center' }}
    >
      <LinkIcon fontSize="small" />
    </Box>
  )
}

function Card({ title, note, thumb }: { title: string; note: string; thumb: ReactNode }) {
  return (
    <Box sx={card}>
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }} noWrap>
          {title}
        </Typography>
        <Typography variant="caption" sx={{ color: 'text.secondary', display: 'block' }} noWrap>
          {note}
        </Typography>
      </Box>
      {thumb}
    </Box>
  )
}

/** One attachment as the customer sees it (also the 0.1 welcome's image or link, a subset of these). */
export function AttachmentPreview({ a }: { a: RichAttachment }) {
  if (a.kind === 'image')
    return (
      <Box
        component="img"
        src={dataUrlOf(a)}
        alt={`预览：${a.fileName}`}
        sx={{ maxWidth: 160, maxHeight: 160, borderRadius: 1, border: '1px solid', borderColor: 'divider' }}
      />
    )
  if (a.kind === 'link')
    return (
      <Card
        title={a.title || '（未填写链接标题）'}
        note={a.desc || a.url}
        thumb={<Thumb src={a.cover ? dataUrlOf(a.cover) : a.picUrl || null} alt="链接封面" />}
      />
    )
  if (a.kind === 'miniprogram')
    return (
      <Card
        title={a.title || '（未填写小程序标题）'}
        note={`小程序 · ${a.page || '未填写页面'}`}
        thumb={<Thumb src={a.cover.dataBase64 ? dataUrlOf(a.cover) : null} alt="小程序封面" />}
      />
    )
  return (
    <Card
      title={a.fileName}
      note={`${ATTACHMENT_KIND_LABELS[a.kind]} · ${formatBytes(base64Bytes(a.dataBase64))}`}
      thumb={null}
    />
  )
}

export function AttachmentsPreview({ list }: { list: readonly RichAttachment[] }) {
  if (list.length === 0) return null
  return (
    <Box
      data-testid="attachments-preview"
      sx={{ display: 'flex', flexDirection: 'column', gap: 1, alignItems: 'flex-start', mt: 1 }}
    >
      {list.map((a, i) => (
        <AttachmentPreview key={i} a={a} />
      ))}
    </Box>
  )
}
