// A4 print layout for a batch of QR codes: 3 × 4 per page, the channel name under each. It is hidden on
// screen and is the only thing printed while mounted (see the @media print rules below).

import { useEffect } from 'react'
import { createPortal } from 'react-dom'
import Box from '@mui/material/Box'
import GlobalStyles from '@mui/material/GlobalStyles'

export interface PrintItem {
  id: number
  name: string
  pngDataUrl: string
}

interface Props {
  items: PrintItem[]
  /** Called once the print dialog closes. */
  onDone: () => void
  print?: () => void
}

const PER_PAGE = 12

export function PrintSheet({ items, onDone, print = () => window.print() }: Props) {
  useEffect(() => {
    const after = () => onDone()
    window.addEventListener('afterprint', after)
    // Let the images decode before the print dialog snapshots the page.
    const timer = setTimeout(print, 150)
    return () => {
      clearTimeout(timer)
      window.removeEventListener('afterprint', after)
    }
  }, [onDone, print])

  const pages: PrintItem[][] = []
  for (let i = 0; i < items.length; i += PER_PAGE) pages.push(items.slice(i, i + PER_PAGE))

  return createPortal(
    <>
      <GlobalStyles
        styles={{
          '@media screen': { '.print-sheet': { display: 'none' } },
          '@media print': {
            '@page': { size: 'A4', margin: '12mm' },
            'body > #root': { display: 'none !important' },
            '.MuiSnackbar-root, .MuiDialog-root, .MuiDrawer-root': { display: 'none !important' },
            body: { background: '#fff' },
          },
        }}
      />
      <Box className="print-sheet" aria-hidden>
        {pages.map((page, p) => (
          <Box
            key={p}
            sx={{
              display: 'grid',
              gridTemplateColumns: 'repeat(3, 1fr)',
              gridAutoRows: '66mm',
              gap: '4mm',
              breakAfter: p < pages.length - 1 ? 'page' : 'auto',
            }}
          >
            {page.map((item) => (
              <Box
                key={item.id}
                sx={{
                  display: 'flex',
                  flexDirection: 'column',
                  alignItems: 'center',
                  justifyContent: 'center',
                  border: '0.3mm dashed #bbb',
                  breakInside: 'avoid',
                  p: '2mm',
                }}
              >
                <img src={item.pngDataUrl} alt={item.name} style={{ width: '48mm', height: '48mm' }} />
                <Box
                  sx={{
                    mt: '2mm',
                    fontSize: '11pt',
                    fontWeight: 600,
                    textAlign: 'center',
                    maxWidth: '56mm',
                    overflowWrap: 'anywhere',
                  }}
                >
                  {item.name}
                </Box>
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    </>,
    document.body,
  )
}
