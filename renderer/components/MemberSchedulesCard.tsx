// 设置 › 成员排班: each member's weekly hours, dated exceptions (holidays, leave) and daily cap shared by
// every code of the workspace — set once here and used by every code with 分配规则. Saved as one list
// and pushed to the relay, which applies it with every desktop closed.

import { useMemo, useState } from 'react'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import FormControlLabel from '@mui/material/FormControlLabel'
import IconButton from '@mui/material/IconButton'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import type { MemberRouting, ScheduleException } from '../../common/routing'
import { scheduleProblem, weekdayName } from '../../common/schedule'
import { useApi } from '../hooks/api-context'
import { useNotify } from '../hooks/notify-context'
import { useQuery } from '../hooks/useQuery'
import { useWorkspace } from '../hooks/workspace-context'
import { errorMessage } from '../lib/errors'
import { isSelectable } from '../lib/members'
import { ScheduleEditor } from './ScheduleEditor'

type Profile = MemberRouting
const blank = (userid: string): Profile => ({ userid, dailyCap: null, windows: [], exceptions: [] })

/** '周一 09:00–18:00、周二 …' or 全天. */
function weekSummary(p: Profile): string {
  if (p.windows.length === 0) return '全天可接待'
  return p.windows.map((w) => `${weekdayName(w.weekday)} ${w.start}–${w.end}`).join('、')
}

function exceptionSummary(p: Profile): string {
  if (p.exceptions.length === 0) return '—'
  return p.exceptions
    .map(
      (e) =>
        `${e.date} ${e.windows.length === 0 ? '休息' : e.windows.map((w) => `${w.start}–${w.end}`).join('、')}`,
    )
    .join('；')
}

export function MemberSchedulesCard() {
  const api = useApi()
  const notify = useNotify()
  const { workspace } = useWorkspace()
  const members = useQuery(() => api.listMembers({}), 'members')
  const saved = useQuery(() => api.listMemberRouting({}), 'member-routing')
  /** The manager's changes since the last save, over what was saved. */
  const [edits, setEdits] = useState<Map<string, Profile>>(new Map())
  const [editing, setEditing] = useState<Profile | null>(null)
  const [saving, setSaving] = useState(false)
  const profiles = useMemo(() => {
    const all = new Map((saved.data ?? []).map((p) => [p.userid, p]))
    for (const [userid, p] of edits) all.set(userid, p)
    return all
  }, [saved.data, edits])
  const dirty = edits.size > 0

  const shown = useMemo(
    () =>
      (members.data?.members ?? [])
        .filter(isSelectable)
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    [members.data],
  )
  const profileOf = (userid: string) => profiles.get(userid) ?? blank(userid)
  const put = (p: Profile) => setEdits((all) => new Map(all).set(p.userid, p))

  const save = async () => {
    setSaving(true)
    try {
      // Members with nothing set are left out: no profile means always on and no cap.
      const list = [...profiles.values()].filter(
        (p) => p.dailyCap !== null || p.windows.length > 0 || p.exceptions.length > 0,
      )
      const { pushed } = await api.saveMemberRouting({ members: list })
      setEdits(new Map())
      saved.reload()
      notify(
        pushed
          ? '成员排班已保存，中转服务已生效'
          : '成员排班已保存在本机；中转服务暂不可用，恢复后请再保存一次',
        { severity: pushed ? 'success' : 'warning' },
      )
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    } finally {
      setSaving(false)
    }
  }

  return (
    <Box data-testid="member-schedules">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>成员</TableCell>
            <TableCell sx={{ width: 140 }}>每日上限（所有活码）</TableCell>
            <TableCell>每周排班</TableCell>
            <TableCell>例外日期</TableCell>
            <TableCell sx={{ width: 96 }} />
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((m) => {
            const p = profileOf(m.userid)
            return (
              <TableRow key={m.userid}>
                <TableCell>{m.name}</TableCell>
                <TableCell>
                  <TextField
                    size="small"
                    placeholder="不限"
                    value={p.dailyCap ?? ''}
                    onChange={(e) => {
                      const text = e.target.value.replace(/\D/g, '')
                      put({
                        ...p,
                        dailyCap: text === '' ? null : Math.max(1, Math.min(100_000, Number(text))),
                      })
                    }}
                    slotProps={{ htmlInput: { inputMode: 'numeric', 'aria-label': `${m.name} 的每日上限` } }}
                    sx={{ width: 110 }}
                  />
                </TableCell>
                <TableCell>
                  <Typography variant="body2">{weekSummary(p)}</Typography>
                </TableCell>
                <TableCell>
                  <Typography variant="body2" color="text.secondary">
                    {exceptionSummary(p)}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Button size="small" onClick={() => setEditing(p)}>
                    编辑排班
                  </Button>
                </TableCell>
              </TableRow>
            )
          })}
        </TableBody>
      </Table>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 2, mt: 1.5 }}>
        <Typography variant="caption" color="text.secondary">
          时间按工作区时区（{workspace?.timeZone ?? 'Asia/Shanghai'}
          ）计算，每日上限在零点重置；跨夜班次请拆成两段（如 22:00–24:00 与次日 00:00–06:00）。
        </Typography>
        <Button variant="contained" onClick={save} disabled={saving || !dirty}>
          {saving ? '正在保存…' : '保存成员排班'}
        </Button>
      </Box>
      {editing && (
        <ScheduleDialog
          profile={editing}
          name={shown.find((m) => m.userid === editing.userid)?.name ?? editing.userid}
          timeZone={workspace?.timeZone ?? 'Asia/Shanghai'}
          onClose={() => setEditing(null)}
          onDone={(p) => {
            put(p)
            setEditing(null)
          }}
        />
      )}
    </Box>
  )
}

function ScheduleDialog(props: {
  profile: Profile
  name: string
  timeZone: string
  onClose: () => void
  onDone: (p: Profile) => void
}) {
  const [p, setP] = useState(props.profile)
  const problem = scheduleProblem(p.windows)
  const setException = (i: number, e: ScheduleException) =>
    setP({ ...p, exceptions: p.exceptions.map((x, j) => (j === i ? e : x)) })
  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>{props.name} 的排班</DialogTitle>
      <DialogContent>
        <Typography variant="subtitle2" sx={{ mb: 1 }}>
          每周可接待时段（不设时段表示全天可接待）
        </Typography>
        <ScheduleEditor
          id="member-schedule-windows"
          value={p.windows}
          onChange={(windows) => setP({ ...p, windows })}
          error={problem ?? undefined}
          timeZone={props.timeZone}
          wording={{
            intro: '在以下时段内成员可接待新客户（只要有一天设了时段，未设时段的日子即不接待）',
            emptyDay: '不接待',
          }}
        />
        <Typography variant="subtitle2" sx={{ mt: 2, mb: 1 }}>
          例外日期（节假日、请假：当天休息，或当天只在指定时段接待）
        </Typography>
        {p.exceptions.map((e, i) => (
          <Box key={i} sx={{ display: 'flex', gap: 1.5, alignItems: 'center', mb: 1 }}>
            <TextField
              type="date"
              size="small"
              value={e.date}
              onChange={(ev) => setException(i, { ...e, date: ev.target.value })}
              slotProps={{ htmlInput: { 'aria-label': '例外日期' } }}
            />
            <FormControlLabel
              control={
                <Checkbox
                  checked={e.windows.length === 0}
                  onChange={(ev) =>
                    setException(i, {
                      ...e,
                      windows: ev.target.checked ? [] : [{ start: '09:00', end: '18:00' }],
                    })
                  }
                />
              }
              label="全天休息"
            />
            {e.windows.length > 0 && (
              <>
                <TextField
                  size="small"
                  value={e.windows[0]!.start}
                  onChange={(ev) =>
                    setException(i, { ...e, windows: [{ ...e.windows[0]!, start: ev.target.value }] })
                  }
                  sx={{ width: 90 }}
                  slotProps={{ htmlInput: { 'aria-label': '开始' } }}
                />
                <Typography variant="body2">至</Typography>
                <TextField
                  size="small"
                  value={e.windows[0]!.end}
                  onChange={(ev) =>
                    setException(i, { ...e, windows: [{ ...e.windows[0]!, end: ev.target.value }] })
                  }
                  sx={{ width: 90 }}
                  slotProps={{ htmlInput: { 'aria-label': '结束' } }}
                />
              </>
            )}
            <TextField
              size="small"
              placeholder="备注（如 国庆）"
              value={e.note}
              onChange={(ev) => setException(i, { ...e, note: ev.target.value.slice(0, 40) })}
            />
            <IconButton
              aria-label="删除这个例外"
              onClick={() => setP({ ...p, exceptions: p.exceptions.filter((_, j) => j !== i) })}
            >
              ×
            </IconButton>
          </Box>
        ))}
        <Button
          size="small"
          onClick={() =>
            setP({
              ...p,
              exceptions: [
                ...p.exceptions,
                { date: new Date().toISOString().slice(0, 10), windows: [], note: '' },
              ],
            })
          }
        >
          添加例外日期
        </Button>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>取消</Button>
        <Button variant="contained" disabled={problem !== null} onClick={() => props.onDone(p)}>
          确定
        </Button>
      </DialogActions>
    </Dialog>
  )
}
