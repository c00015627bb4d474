// A code's QR thumbnail, loaded lazily from getQrFile as a data: URL.

import Box from '@mui/material/Box'
import Skeleton from '@mui/material/Skeleton'
import Tooltip from '@mui/material/Tooltip'
import { useQrImage } from '../hooks/useQrImage'
import { QrIcon } from './icons'

interface Props {
  id: number
  version: number
  size?: number
  name: string
}

export function QrThumb({ id, version, size = 56, name }: Props) {
  const { ref, src, failed } = useQrImage(id, version)
  return (
    <Box
      ref={ref}
      sx={{
        width: size,
        height: size,
        borderRadius: 1,
        border: '1px solid',
        borderColor: 'divider',
        bgcolor: '#fff',
        overflow: 'hidden',
        display: 'grid',
        placeItems: 'center',
        flexShrink: 0,
      }}
    >
      {src ? (
        <img src={src} alt={`${name} 的二维码`} width={size - 4} height={size - 4} />
      ) : failed ? (
        <Tooltip title="二维码暂时无法加载，同步后重试">
          <QrIcon sx={{ color: 'text.disabled' }} />
        </Tooltip>
      ) : (
        <Skeleton variant="rectangular" width={size - 8} height={size - 8} />
      )}
    </Box>
  )
}
