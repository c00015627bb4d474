// A code's QR menu, opened by clicking its thumbnail: 下载二维码, 二维码样式 and 移动到分组. On the
// thumbnail rather than as another button, so the table still fits at 1280 px.

import { useState, type ReactNode } from 'react'
import ButtonBase from '@mui/material/ButtonBase'
import ListItemIcon from '@mui/material/ListItemIcon'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import type { CodeSummary } from '../../common/domain'
import { DownloadIcon } from './icons'
import { MoveIcon, PaletteIcon } from './group-icons'

interface Props {
  code: CodeSummary
  children: ReactNode
  onDownload: (code: CodeSummary) => void
  onMoveToGroup?: ((code: CodeSummary) => void) | undefined
  onQrStyle?: ((code: CodeSummary) => void) | undefined
}

export function CodeRowMenu({ code, children, onDownload, onMoveToGroup, onQrStyle }: Props) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null)
  if (!onMoveToGroup && !onQrStyle) return <>{children}</>
  const pick = (fn: ((code: CodeSummary) => void) | undefined) => () => {
    setAnchor(null)
    fn?.(code)
  }
  return (
    <>
      <ButtonBase
        aria-label={`${code.name} 的二维码菜单`}
        aria-haspopup="menu"
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ borderRadius: 1 }}
      >
        {children}
      </ButtonBase>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem onClick={pick(onDownload)}>
          <ListItemIcon>
            <DownloadIcon fontSize="small" />
          </ListItemIcon>
          下载二维码
        </MenuItem>
        {onQrStyle && (
          <MenuItem onClick={pick(onQrStyle)}>
            <ListItemIcon>
              <PaletteIcon fontSize="small" />
            </ListItemIcon>
            二维码样式…
          </MenuItem>
        )}
        {onMoveToGroup && (
          <MenuItem onClick={pick(onMoveToGroup)}>
            <ListItemIcon>
              <MoveIcon fontSize="small" />
            </ListItemIcon>
            移动到分组…
          </MenuItem>
        )}
      </Menu>
    </>
  )
}
