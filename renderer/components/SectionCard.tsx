// A titled white card used to group the setup page's sections.

import type { ReactNode } from 'react'
import Box from '@mui/material/Box'
import Paper from '@mui/material/Paper'
import Typography from '@mui/material/Typography'

interface Props {
  title: string
  subtitle?: ReactNode
  action?: ReactNode
  children: ReactNode
  id?: string
}

export function SectionCard({ title, subtitle, action, children, id }: Props) {
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2.5 }}
      component="section"
      aria-labelledby={id ? `${id}-title` : undefined}
    >
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2, mb: 2 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h6" id={id ? `${id}-title` : undefined}>
            {title}
          </Typography>
          {subtitle && (
            <Typography variant="body2" sx={{ color: 'text.secondary', mt: 0.5 }}>
              {subtitle}
            </Typography>
          )}
        </Box>
        {action}
      </Box>
      {children}
    </Paper>
  )
}
