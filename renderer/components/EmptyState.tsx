// What a list shows when it has nothing: an illustration-like icon, a sentence, and the next step.

import type { ReactNode } from 'react'
import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import { QrIcon } from './icons'

interface Props {
  title: string
  description?: ReactNode
  action?: ReactNode
  icon?: ReactNode
}

export function EmptyState({ title, description, action, icon }: Props) {
  return (
    <Box sx={{ py: 8, px: 2, textAlign: 'center', color: 'text.secondary' }}>
      <Box
        sx={{
          width: 72,
          height: 72,
          mx: 'auto',
          mb: 2,
          borderRadius: '50%',
          display: 'grid',
          placeItems: 'center',
          bgcolor: 'primary.light',
          color: 'primary.main',
        }}
      >
        {icon ?? <QrIcon sx={{ fontSize: 36 }} />}
      </Box>
      <Typography variant="subtitle1" sx={{ color: 'text.primary', mb: 0.5 }}>
        {title}
      </Typography>
      {description && (
        <Typography variant="body2" sx={{ maxWidth: 440, mx: 'auto', mb: 2.5 }}>
          {description}
        </Typography>
      )}
      {action}
    </Box>
  )
}
