// The customer list's 标签 column: the tags the customer got through the code, by name, as chips that
// truncate (two at most, then +N; every tag grouped in the tooltip). Before or without tags, the
// outcome instead: 标签处理中 / 标签失败 / 待补打标签, with the reason in the tooltip.

import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import Tooltip from '@mui/material/Tooltip'
import { TAGS_LABELS } from '../../common/delivery-labels'
import type { CodeCustomer, TagGroup } from '../../common/domain'
import { groupSelected, tagLabels } from '../lib/tags'

const SHOWN = 2

export function TagsCell({ customer: c, groups }: { customer: CodeCustomer; groups: TagGroup[] }) {
  if (c.appliedTagIds.length > 0) {
    const tags = groupSelected(c.appliedTagIds, groups).flatMap((g) => g.tags)
    const rest = tags.length - SHOWN
    // A repair (the relay missed the add; the app applied the tags later) stays visible as 补打.
    const repaired = c.tags === 'repaired'
    const title = [
      repaired ? '已补打标签（中转服务当时没收到这次添加）' : '',
      ...tagLabels(c.appliedTagIds, groups),
      c.tagsNote,
    ]
      .filter(Boolean)
      .join('\n')
    return (
      <Tooltip title={title} slotProps={{ tooltip: { sx: { whiteSpace: 'pre-line' } } }}>
        <Box sx={{ display: 'flex', gap: 0.5, minWidth: 0 }} data-testid="customer-tags">
          {repaired && <Chip size="small" color="success" label="补打" />}
          {tags.slice(0, SHOWN).map((t) => (
            <Chip
              key={t.id}
              size="small"
              variant="outlined"
              color="primary"
              label={t.name}
              sx={{ maxWidth: 84 }}
            />
          ))}
          {rest > 0 && <Chip size="small" label={`+${rest}`} />}
        </Box>
      </Tooltip>
    )
  }
  const outcome = TAGS_LABELS[c.tags]
  if (!outcome)
    return (
      <Box component="span" sx={{ color: 'text.disabled' }}>
        —
      </Box>
    )
  const chip = <Chip size="small" variant="outlined" color={outcome.tone} label={outcome.label} />
  return c.tagsNote ? <Tooltip title={c.tagsNote}>{chip}</Tooltip> : chip
}
