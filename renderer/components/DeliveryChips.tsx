// One customer's 欢迎语 / 标签 outcome in the customer list: a small chip each, with the reason in a
// tooltip when something did not go out (the relay was down, WeCom gave no welcome code, …).

import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import Tooltip from '@mui/material/Tooltip'
import type { CodeCustomer, TagsOutcome, WelcomeOutcome } from '../../common/domain'

type Tone = 'success' | 'warning' | 'error' | 'default'

const WELCOME: Record<WelcomeOutcome, { label: string; tone: Tone } | null> = {
  sent: { label: '欢迎语已发', tone: 'success' },
  pending: { label: '欢迎语发送中', tone: 'default' },
  failed: { label: '欢迎语失败', tone: 'error' },
  missed: { label: '未发欢迎语', tone: 'warning' },
  no_code: { label: '未发欢迎语', tone: 'default' },
  off: null,
  unknown: null,
}

const TAGS: Record<TagsOutcome, { label: string; tone: Tone } | null> = {
  applied: { label: '已打标签', tone: 'success' },
  repaired: { label: '已补打标签', tone: 'success' },
  pending: { label: '标签处理中', tone: 'default' },
  failed: { label: '标签失败', tone: 'error' },
  missed: { label: '待补打标签', tone: 'warning' },
  none: null,
  unknown: null,
}

export function DeliveryChips({ customer }: { customer: CodeCustomer }) {
  const chips = [WELCOME[customer.welcome], TAGS[customer.tags]].filter((c) => c !== null)
  if (chips.length === 0)
    return (
      <Box component="span" sx={{ color: 'text.disabled' }}>
        —
      </Box>
    )
  const body = (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
      {chips.map((c) => (
        <Chip key={c.label} size="small" variant="outlined" color={c.tone} label={c.label} />
      ))}
    </Box>
  )
  const note = [customer.welcomeNote, customer.tagsNote].filter(Boolean).join('；')
  return note ? <Tooltip title={note}>{body}</Tooltip> : body
}
