// A code's preset tags as chips, one per tag group: "性别: 女 男".

import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import Typography from '@mui/material/Typography'
import type { TagGroup } from '../../common/domain'
import { tagLabels } from '../lib/tags'

interface Props {
  tagIds: string[]
  groups: TagGroup[]
  max?: number
}

export function TagChips({ tagIds, groups, max = 3 }: Props) {
  const labels = tagLabels(tagIds, groups)
  if (!labels.length)
    return (
      <Typography variant="body2" sx={{ color: 'text.disabled' }}>
        无
      </Typography>
    )
  const shown = labels.slice(0, max)
  const rest = labels.length - shown.length
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }} title={labels.join('；')}>
      {shown.map((label) => (
        <Chip key={label} label={label} size="small" variant="outlined" color="primary" />
      ))}
      {rest > 0 && <Chip label={`+${rest}`} size="small" />}
    </Box>
  )
}
