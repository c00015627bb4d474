// The sandbox's two ways to lose a customer, behind one small button so the customer list keeps
// room for its columns: 模拟客户删除员工 and 模拟员工删除客户.

import { useState } from 'react'
import Button from '@mui/material/Button'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'

interface Props {
  disabled: boolean
  onDelete: (by: 'customer' | 'member') => void
}

export function SandboxDeleteMenu({ disabled, onDelete }: Props) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null)
  const pick = (by: 'customer' | 'member') => {
    setAnchor(null)
    onDelete(by)
  }
  return (
    <>
      <Button
        size="small"
        aria-haspopup="menu"
        disabled={disabled}
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ whiteSpace: 'nowrap', minWidth: 0 }}
      >
        模拟删除
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => pick('customer')}>模拟客户删除员工</MenuItem>
        <MenuItem onClick={() => pick('member')} sx={{ color: 'error.main' }}>
          模拟员工删除客户
        </MenuItem>
      </Menu>
    </>
  )
}
