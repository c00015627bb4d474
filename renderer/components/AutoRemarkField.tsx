// 自动备注: the remark and description templates the relay writes on each new customer, with a preview
// of what WeCom will keep (the remark trimmed to 20 characters the way the relay trims it).

import Box from '@mui/material/Box'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import type { AutoRemark } from '../../common/welcome-schemas'
import { fillRemark, type PlaceholderValues } from '../../common/welcome-text'
import { FieldError } from './FormRow'
import { PlaceholderButtons } from './PlaceholderButtons'

interface Props {
  value: AutoRemark | null
  onChange: (value: AutoRemark | null) => void
  sample: PlaceholderValues
  error?: string | undefined
}

export function AutoRemarkField({ value, onChange, sample, error }: Props) {
  const v = value ?? { remark: '', description: '' }
  const set = (patch: Partial<AutoRemark>) => {
    const next = { ...v, ...patch }
    onChange(next.remark === '' && next.description === '' ? null : next)
  }
  const filled = fillRemark(v, sample)
  return (
    <Box>
      <TextField
        fullWidth
        size="small"
        label="备注模板"
        placeholder="例如：{客户昵称}-{渠道名称}"
        value={v.remark}
        onChange={(e) => set({ remark: e.target.value })}
        slotProps={{ htmlInput: { 'aria-label': '备注模板' } }}
      />
      <PlaceholderButtons label="备注" onInsert={(p) => set({ remark: v.remark + p })} />
      <TextField
        fullWidth
        size="small"
        label="描述模板"
        placeholder="例如：来自{渠道名称}"
        sx={{ mt: 1.5 }}
        value={v.description}
        onChange={(e) => set({ description: e.target.value })}
        slotProps={{ htmlInput: { 'aria-label': '描述模板' } }}
      />
      {(v.remark || v.description) && (
        <Box data-testid="remark-preview" sx={{ mt: 1, fontSize: 13 }}>
          <Typography variant="body2">
            备注：<b>{filled.remark || '（不修改）'}</b>
          </Typography>
          <Typography variant="body2">描述：{filled.description || '（不修改）'}</Typography>
          {filled.note && (
            <Typography variant="caption" sx={{ color: 'warning.main' }}>
              {filled.note}
            </Typography>
          )}
        </Box>
      )}
      <Typography variant="caption" sx={{ color: 'text.secondary', display: 'block' }}>
        客户添加后自动写入；企业微信的备注最多 20 个字，客户昵称过长时会截短
      </Typography>
      <FieldError message={error} />
    </Box>
  )
}
