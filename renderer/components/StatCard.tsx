// One of the three big numbers of a code (当前客户数 / 流失客户数 / 积累引流数) with what it means.

import Box from '@mui/material/Box'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import { InfoIcon } from './icons'

interface Props {
  label: string
  value: number | undefined
  help: string
  color: string
}

export function StatCard({ label, value, help, color }: Props) {
  return (
    <Box
      sx={{
        flex: 1,
        minWidth: 0,
        p: 2,
        borderRadius: 2,
        border: '1px solid',
        borderColor: 'divider',
        bgcolor: '#fff',
        position: 'relative',
        overflow: 'hidden',
        '&::before': {
          content: '""',
          position: 'absolute',
          left: 0,
          top: 0,
          bottom: 0,
          width: 4,
          bgcolor: color,
        },
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, color: 'text.secondary' }}>
        <Typography variant="body2">{label}</Typography>
        <Tooltip title={help}>
          <InfoIcon sx={{ fontSize: 15, color: 'text.disabled' }} aria-label={help} />
        </Tooltip>
      </Box>
      <Typography
        sx={{ fontSize: 34, fontWeight: 700, lineHeight: 1.25, color, fontVariantNumeric: 'tabular-nums' }}
        aria-label={`${label} ${value ?? ''}`}
      >
        {value ?? '—'}
      </Typography>
    </Box>
  )
}
