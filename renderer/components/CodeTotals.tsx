// The figures of every code the filter matches, above the list: how the channels add up.

import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { CodeCounts } from '../../common/domain'

interface Props {
  count: number
  totals: CodeCounts
  filtered: boolean
}

export function CodeTotals({ count, totals, filtered }: Props) {
  const figures: [string, number][] = [
    ['当前客户', totals.current],
    ['流失客户', totals.lost],
    ['积累引流', totals.cumulative],
  ]
  return (
    <Box
      role="status"
      aria-label="合计"
      sx={{ display: 'flex', alignItems: 'baseline', gap: 2, ml: 2, flexWrap: 'wrap' }}
    >
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {filtered ? '筛选出' : '共'} {count} 个活码合计
      </Typography>
      {figures.map(([label, n]) => (
        <Typography key={label} variant="body2" sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}>
          {label}{' '}
          <Box
            component="span"
            sx={{ color: 'text.primary', fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}
          >
            {n.toLocaleString('zh-CN')}
          </Box>
        </Typography>
      ))}
    </Box>
  )
}
