// A read-only look at a welcome message as the customer will see it: text bubble plus image or link card.

import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { WelcomeContent } from '../../common/domain'
import { dataUrlOf } from '../lib/files'
import { LinkIcon } from './icons'

export function WelcomePreview({
  content,
  emptyText = '无',
}: {
  content: WelcomeContent
  emptyText?: string
}) {
  const a = content.attachment
  if (!content.text.trim() && !a) {
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary', pt: 1 }}>
        {emptyText}
      </Typography>
    )
  }
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, alignItems: 'flex-start', pt: 0.5 }}>
      {content.text.trim() && (
        <Box
          sx={{
            bgcolor: '#f1f3f6',
            borderRadius: 2,
            px: 1.5,
            py: 1,
            maxWidth: 460,
            whiteSpace: 'pre-wrap',
            fontSize: 14,
          }}
        >
          {content.text}
        </Box>
      )}
      {a?.kind === 'image' && (
        <Box
          component="img"
          src={dataUrlOf(a)}
          alt={a.fileName}
          sx={{ maxWidth: 160, maxHeight: 160, borderRadius: 1, border: '1px solid', borderColor: 'divider' }}
        />
      )}
      {a?.kind === 'link' && (
        <Box
          sx={{
            display: 'flex',
            gap: 1.5,
            p: 1.25,
            width: 320,
            border: '1px solid',
            borderColor: 'divider',
            borderRadius: 1.5,
          }}
        >
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="body2" sx={{ fontWeight: 600 }} noWrap>
              {a.title}
            </Typography>
            <Typography variant="caption" sx={{ color: 'text.secondary', display: 'block' }} noWrap>
              {a.desc || a.url}
            </Typography>
          </Box>
          <Box
            sx={{
              width: 40,
              height: 40,
              borderRadius: 1,
              bgcolor: 'primary.light',
              color: 'primary.main',
              display: 'grid',
              placeItems: 'center',
              flexShrink: 0,
            }}
          >
            <LinkIcon fontSize="small" />
          </Box>
        </Box>
      )}
    </Box>
  )
}
