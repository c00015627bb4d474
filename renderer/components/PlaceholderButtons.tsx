// Buttons that put {客户昵称} {成员姓名} {渠道名称} into a welcome text or remark template; the relay fills
// them for each customer (common/welcome-text.ts).

import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import { PLACEHOLDERS } from '../../common/welcome-schemas'

export function PlaceholderButtons({ onInsert, label }: { onInsert: (p: string) => void; label: string }) {
  return (
    <Box sx={{ display: 'flex', gap: 0.75, alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}>
      {PLACEHOLDERS.map((p) => (
        <Button
          key={p}
          size="small"
          variant="outlined"
          sx={{ py: 0, minWidth: 0, fontSize: 12 }}
          aria-label={`${label}插入${p}`}
          onClick={() => onInsert(p)}
        >
          插入{p}
        </Button>
      ))}
    </Box>
  )
}

/** The first error under a key prefix (array positions are collapsed in FieldErrors). */
export function errorUnder(errors: Record<string, string>, prefix: string): string | undefined {
  const key = Object.keys(errors).find((k) => k === prefix || k.startsWith(`${prefix}.`))
  return key ? errors[key] : undefined
}
