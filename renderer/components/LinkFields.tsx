// 欢迎语2 链接: title, URL, description and cover URL, with WeCom's byte limits shown as you type.

import Box from '@mui/material/Box'
import TextField from '@mui/material/TextField'
import { LINK_DESC_MAX_BYTES, LINK_TITLE_MAX_BYTES, utf8Bytes } from '../../common/limits'
import type { LinkDraft } from '../lib/welcome-draft'
import { fieldDomId, type FieldErrors } from '../lib/field-errors'

interface Props {
  value: LinkDraft
  onChange: (link: LinkDraft) => void
  errors: FieldErrors
  /** Prefix of the error keys: 'welcome.attachment'. */
  path: string
}

export function LinkFields({ value, onChange, errors, path }: Props) {
  const set = (patch: Partial<LinkDraft>) => onChange({ ...value, ...patch })
  const err = (key: keyof LinkDraft) => errors[`${path}.${key}`]
  const titleBytes = utf8Bytes(value.title.trim())
  const descBytes = utf8Bytes(value.desc.trim())
  return (
    <Box sx={{ display: 'grid', gap: 1.5, maxWidth: 520 }}>
      <TextField
        id={fieldDomId(`${path}.title`)}
        label="链接标题"
        required
        value={value.title}
        onChange={(e) => set({ title: e.target.value })}
        error={Boolean(err('title'))}
        helperText={err('title') ?? `${titleBytes}/${LINK_TITLE_MAX_BYTES} 字节`}
      />
      <TextField
        id={fieldDomId(`${path}.url`)}
        label="链接地址"
        required
        placeholder="https://"
        value={value.url}
        onChange={(e) => set({ url: e.target.value })}
        error={Boolean(err('url'))}
        helperText={err('url') ?? '客户点开卡片后打开的网页'}
      />
      <TextField
        id={fieldDomId(`${path}.desc`)}
        label="链接描述"
        multiline
        minRows={2}
        value={value.desc}
        onChange={(e) => set({ desc: e.target.value })}
        error={Boolean(err('desc'))}
        helperText={err('desc') ?? `${descBytes}/${LINK_DESC_MAX_BYTES} 字节，可不填`}
      />
      <TextField
        id={fieldDomId(`${path}.picUrl`)}
        label="封面图片地址"
        placeholder="https://（可不填）"
        value={value.picUrl}
        onChange={(e) => set({ picUrl: e.target.value })}
        error={Boolean(err('picUrl'))}
        helperText={err('picUrl') ?? '卡片右侧的小图，留空则使用默认图标'}
      />
    </Box>
  )
}
