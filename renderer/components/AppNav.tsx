// The left navigation, laid out like the seed: 企业微信 › 辅助营销 › 企业微信活码, then 设置.

import type { ReactNode } from 'react'
import Box from '@mui/material/Box'
import List from '@mui/material/List'
import ListItemButton from '@mui/material/ListItemButton'
import ListItemIcon from '@mui/material/ListItemIcon'
import ListItemText from '@mui/material/ListItemText'
import ListSubheader from '@mui/material/ListSubheader'
import Typography from '@mui/material/Typography'
import { BusinessIcon, CampaignIcon, QrIcon, SettingsIcon } from './icons'

export type PageKey = 'codes' | 'setup'

interface Props {
  page: PageKey
  onNavigate: (page: PageKey) => void
  version?: string | undefined
}

export const NAV_WIDTH = 212

export function AppNav({ page, onNavigate, version }: Props) {
  return (
    <Box
      component="nav"
      aria-label="主导航"
      sx={{
        width: NAV_WIDTH,
        flexShrink: 0,
        bgcolor: '#1b2230',
        color: '#c9d1dc',
        display: 'flex',
        flexDirection: 'column',
        '@media print': { display: 'none' },
      }}
    >
      <Box sx={{ px: 2.5, py: 2.25, display: 'flex', alignItems: 'center', gap: 1.25 }}>
        <Box
          sx={{
            width: 32,
            height: 32,
            borderRadius: 1.5,
            bgcolor: 'secondary.main',
            color: '#fff',
            display: 'grid',
            placeItems: 'center',
          }}
        >
          <QrIcon fontSize="small" />
        </Box>
        <Box>
          <Typography sx={{ color: '#fff', fontWeight: 700, lineHeight: 1.2 }}>活码助手</Typography>
          <Typography variant="caption" sx={{ color: '#8a94a6' }}>
            企业微信渠道活码
          </Typography>
        </Box>
      </Box>
      <List
        dense
        sx={{ flex: 1, px: 1 }}
        subheader={
          <ListSubheader
            disableSticky
            sx={{ bgcolor: 'transparent', color: '#8a94a6', display: 'flex', alignItems: 'center', gap: 1 }}
          >
            <BusinessIcon sx={{ fontSize: 16 }} /> 企业微信
          </ListSubheader>
        }
      >
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, pl: 2, py: 0.75, color: '#8a94a6' }}>
          <CampaignIcon sx={{ fontSize: 16 }} />
          <Typography variant="body2">辅助营销</Typography>
        </Box>
        <NavItem
          label="企业微信活码"
          icon={<QrIcon fontSize="small" />}
          selected={page === 'codes'}
          onClick={() => onNavigate('codes')}
          indent
        />
        <Box sx={{ height: 12 }} />
        <NavItem
          label="设置"
          icon={<SettingsIcon fontSize="small" />}
          selected={page === 'setup'}
          onClick={() => onNavigate('setup')}
        />
      </List>
      {version && (
        <Typography variant="caption" sx={{ px: 2.5, py: 1.5, color: '#5d6778' }}>
          版本 {version}
        </Typography>
      )}
    </Box>
  )
}

interface ItemProps {
  label: string
  icon: ReactNode
  selected: boolean
  onClick: () => void
  indent?: boolean
}

function NavItem({ label, icon, selected, onClick, indent }: ItemProps) {
  return (
    <ListItemButton
      selected={selected}
      onClick={onClick}
      aria-current={selected ? 'page' : undefined}
      sx={{
        borderRadius: 1.5,
        pl: indent ? 4 : 2,
        my: 0.25,
        color: '#c9d1dc',
        '&.Mui-selected, &.Mui-selected:hover': { bgcolor: 'primary.main', color: '#fff' },
        '&:hover': { bgcolor: 'rgba(255,255,255,0.06)' },
      }}
    >
      <ListItemIcon sx={{ minWidth: 30, color: 'inherit' }}>{icon}</ListItemIcon>
      <ListItemText primary={label} slotProps={{ primary: { sx: { fontSize: 14 } } }} />
    </ListItemButton>
  )
}
