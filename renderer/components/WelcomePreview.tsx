// A read-only look at a welcome message as the customer will see it: text bubble plus image or link
// card (drawn as every attachment is, AttachmentsPreview.tsx).

import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { WelcomeContent } from '../../common/domain'
import { AttachmentPreview } from './AttachmentsPreview'

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
      {a && <AttachmentPreview a={a} />}
    </Box>
  )
}
