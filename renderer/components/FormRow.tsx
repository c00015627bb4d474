// A labelled row of the code form, laid out like the seed: "* 渠道活码名称:" on the left, the field right.

import type { ReactNode } from 'react'
import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'

interface Props {
  label: string
  required?: boolean
  htmlFor?: string
  children: ReactNode
  hint?: ReactNode
}

export function FormRow({ label, required, htmlFor, children, hint }: Props) {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: '128px 1fr', columnGap: 2, py: 1.25 }}>
      <Typography
        component="label"
        htmlFor={htmlFor}
        variant="body2"
        sx={{ textAlign: 'right', pt: 1.1, color: 'text.primary', fontWeight: 500, whiteSpace: 'nowrap' }}
      >
        {required && (
          <Box component="span" sx={{ color: 'error.main', mr: 0.5 }}>
            *
          </Box>
        )}
        {label}:
      </Typography>
      <Box sx={{ minWidth: 0 }}>
        {children}
        {hint && (
          <Typography variant="caption" component="div" sx={{ color: 'text.secondary', mt: 0.5 }}>
            {hint}
          </Typography>
        )}
      </Box>
    </Box>
  )
}

export function FieldError({ message, id }: { message?: string | undefined; id?: string | undefined }) {
  if (!message) return null
  return (
    <Typography id={id} role="alert" variant="caption" component="div" sx={{ color: 'error.main', mt: 0.5 }}>
      {message}
    </Typography>
  )
}
