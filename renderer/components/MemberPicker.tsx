// 使用人员: the chosen members as chips plus a dialog to pick them by department or by search. Only members
// with the customer-contact permission, activated and enabled in this app can be chosen; the others are
// listed greyed out with the reason, so the manager knows what to fix.

import { useMemo, useState } from 'react'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import Chip from '@mui/material/Chip'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import InputAdornment from '@mui/material/InputAdornment'
import List from '@mui/material/List'
import ListItemButton from '@mui/material/ListItemButton'
import ListItemText from '@mui/material/ListItemText'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import type { Department, Member } from '../../common/domain'
import { CODE_MEMBERS_MAX } from '../../common/limits'
import { useApi } from '../hooks/api-context'
import { useQuery } from '../hooks/useQuery'
import { useWorkspace } from '../hooks/workspace-context'
import { filterMembers, flattenDepartments, memberBlock, memberName } from '../lib/members'
import { FieldError } from './FormRow'
import { PeopleIcon, SearchIcon } from './icons'
import { PersonAvatar } from './PersonAvatar'

interface Props {
  id: string
  value: string[]
  onChange: (userids: string[]) => void
  error?: string | undefined
}

export function MemberPicker({ id, value, onChange, error }: Props) {
  const api = useApi()
  const { dataVersion } = useWorkspace()
  const data = useQuery(() => api.listMembers({}), `members:${dataVersion}`)
  const [open, setOpen] = useState(false)
  const members = data.data?.members ?? []

  return (
    <Box>
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: 0.75,
          alignItems: 'center',
          minHeight: 40,
          px: 1,
          py: 0.5,
          border: '1px solid',
          borderColor: error ? 'error.main' : 'divider',
          borderRadius: 1,
        }}
      >
        {value.map((userid) => {
          const member = members.find((m) => m.userid === userid)
          const blocked = member ? memberBlock(member) : null
          return (
            <Chip
              key={userid}
              size="small"
              label={blocked ? `${memberName(userid, members)}（${blocked}）` : memberName(userid, members)}
              color={blocked ? 'warning' : 'default'}
              onDelete={() => onChange(value.filter((u) => u !== userid))}
              avatar={<PersonAvatar name={memberName(userid, members)} size={22} />}
            />
          )
        })}
        <Button
          id={id}
          size="small"
          startIcon={<PeopleIcon fontSize="small" />}
          onClick={() => setOpen(true)}
          disabled={data.loading && !data.data}
          aria-haspopup="dialog"
        >
          {value.length ? '修改使用人员' : '选择使用人员'}
        </Button>
      </Box>
      {data.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {data.error}
        </Alert>
      )}
      <FieldError message={error} />
      {open && data.data && (
        <MemberDialog
          members={data.data.members}
          departments={data.data.departments}
          initial={value}
          onClose={() => setOpen(false)}
          onDone={(next) => {
            onChange(next)
            setOpen(false)
          }}
        />
      )}
    </Box>
  )
}

interface DialogProps {
  members: Member[]
  departments: Department[]
  initial: string[]
  onClose: () => void
  onDone: (userids: string[]) => void
}

function MemberDialog({ members, departments, initial, onClose, onDone }: DialogProps) {
  const [chosen, setChosen] = useState<string[]>(initial)
  const [text, setText] = useState('')
  const [departmentId, setDepartmentId] = useState<number | null>(null)
  const tree = useMemo(() => flattenDepartments(departments), [departments])
  const shown = useMemo(
    () => filterMembers(members, departments, { text, departmentId }),
    [members, departments, text, departmentId],
  )
  const selectableShown = shown.filter((m) => !memberBlock(m))
  const allShownChosen = selectableShown.length > 0 && selectableShown.every((m) => chosen.includes(m.userid))
  const toggle = (userid: string) =>
    setChosen((prev) => (prev.includes(userid) ? prev.filter((u) => u !== userid) : [...prev, userid]))
  const toggleShown = () =>
    setChosen((prev) =>
      allShownChosen
        ? prev.filter((u) => !selectableShown.some((m) => m.userid === u))
        : [...new Set([...prev, ...selectableShown.map((m) => m.userid)])],
    )
  const over = chosen.length > CODE_MEMBERS_MAX

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="member-dialog-title">
      <DialogTitle id="member-dialog-title">选择使用人员</DialogTitle>
      <DialogContent dividers sx={{ p: 0, display: 'grid', gridTemplateColumns: '220px 1fr', height: 460 }}>
        <Box sx={{ borderRight: '1px solid', borderColor: 'divider', overflowY: 'auto', py: 1 }}>
          <List dense disablePadding aria-label="部门">
            <ListItemButton selected={departmentId === null} onClick={() => setDepartmentId(null)}>
              <ListItemText primary="全部成员" secondary={`${members.length} 人`} />
            </ListItemButton>
            {tree.map(({ department, depth }) => (
              <ListItemButton
                key={department.id}
                selected={departmentId === department.id}
                onClick={() => setDepartmentId(department.id)}
                sx={{ pl: 2 + depth * 2 }}
              >
                <ListItemText primary={department.name} />
              </ListItemButton>
            ))}
          </List>
        </Box>
        <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          <Box sx={{ p: 1.5, display: 'flex', gap: 1, alignItems: 'center' }}>
            <TextField
              autoFocus
              fullWidth
              placeholder="搜索姓名或账号"
              value={text}
              onChange={(e) => setText(e.target.value)}
              slotProps={{
                htmlInput: { 'aria-label': '搜索成员' },
                input: {
                  startAdornment: (
                    <InputAdornment position="start">
                      <SearchIcon fontSize="small" />
                    </InputAdornment>
                  ),
                },
              }}
            />
            <Button onClick={toggleShown} disabled={!selectableShown.length} sx={{ whiteSpace: 'nowrap' }}>
              {allShownChosen ? '取消全选' : '全选可选'}
            </Button>
          </Box>
          <List dense sx={{ overflowY: 'auto', flex: 1, pt: 0 }} aria-label="成员">
            {shown.map((m) => {
              const blocked = memberBlock(m)
              const on = chosen.includes(m.userid)
              return (
                <ListItemButton
                  key={m.userid}
                  disabled={Boolean(blocked) && !on}
                  onClick={() => toggle(m.userid)}
                  sx={{ gap: 1.25 }}
                >
                  <Checkbox
                    edge="start"
                    size="small"
                    checked={on}
                    tabIndex={-1}
                    disableRipple
                    slotProps={{ input: { 'aria-label': m.name } }}
                  />
                  <PersonAvatar name={m.name} size={28} />
                  <ListItemText
                    primary={m.name}
                    secondary={departmentNames(m, departments)}
                    slotProps={{ secondary: { noWrap: true } }}
                  />
                  {blocked && <Chip size="small" label={blocked} variant="outlined" />}
                </ListItemButton>
              )
            })}
            {!shown.length && (
              <Typography variant="body2" sx={{ color: 'text.secondary', textAlign: 'center', py: 6 }}>
                没有找到匹配的成员
              </Typography>
            )}
          </List>
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Typography variant="body2" sx={{ flex: 1, color: over ? 'error.main' : 'text.secondary' }}>
          已选 {chosen.length} 人{chosen.length > 1 ? '（多人活码：每次扫码由企业微信分配给其中一人）' : ''}
          {over ? `，最多 ${CODE_MEMBERS_MAX} 人` : ''}
        </Typography>
        <Button onClick={onClose}>取消</Button>
        <Button variant="contained" onClick={() => onDone(chosen)} disabled={over}>
          确定
        </Button>
      </DialogActions>
    </Dialog>
  )
}

function departmentNames(member: Member, departments: Department[]): string {
  return member.departmentIds
    .map((id) => departments.find((d) => d.id === id)?.name)
    .filter(Boolean)
    .join('、')
}
