// 修改冲突: another manager changed (or deleted) a code while this desktop edited it. Both versions
// side by side, field by field; keep mine, take theirs, or merge with a choice per field (rules in
// merge.ts). Nothing is written until the manager chooses.

import { useMemo, useState } from 'react'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import Radio from '@mui/material/Radio'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import type { CodeConflictView } from '../../../common/registry-view'
import type { CodeInput } from '../../../common/schemas'
import { useApi } from '../../hooks/api-context'
import { useNotify } from '../../hooks/notify-context'
import { useQuery } from '../../hooks/useQuery'
import { errorMessage } from '../../lib/errors'
import { formatDateTime } from '../../lib/format'
import { MERGE_FIELDS, mergeFields, sameField, type MergeKey, type Side } from './merge'

interface Props {
  conflict: CodeConflictView
  onClose: () => void
  onResolved: () => void
}

const WELCOME_MODE = { own: '渠道欢迎语', default: '默认欢迎语', none: '不发送' } as const
const ACCEPT_MODE = { on: '自动通过', off: '需要员工确认', scheduled: '定时开启' } as const

export function ConflictDialog({ conflict, onClose, onResolved }: Props) {
  const api = useApi()
  const notify = useNotify()
  const directory = useQuery(async () => {
    const [{ members }, groups] = await Promise.all([api.listMembers({}), api.listTagGroups({})])
    return {
      members: new Map(members.map((m) => [m.userid, m.name])),
      tags: new Map(groups.flatMap((g) => g.tags.map((t) => [t.id, t.name] as const))),
    }
  }, 'conflict-directory')
  const mine = conflict.mine.fields
  const theirs = conflict.theirs.fields
  const [choice, setChoice] = useState<Record<MergeKey, Side>>({
    name: 'mine',
    memberUserids: 'mine',
    tagIds: 'mine',
    welcome: 'mine',
    autoAccept: 'mine',
  })
  const [busy, setBusy] = useState(false)

  const show = (fields: CodeInput | null, key: MergeKey): string => {
    if (!fields) return '（此版本无法显示）'
    const names = (ids: string[], map: Map<string, string> | undefined) =>
      ids.map((id) => map?.get(id) ?? id).join('、') || '无'
    switch (key) {
      case 'name':
        return fields.name
      case 'memberUserids':
        return names(fields.memberUserids, directory.data?.members)
      case 'tagIds':
        return names(fields.tagIds, directory.data?.tags)
      case 'welcome':
        return fields.welcome.mode === 'own'
          ? `${WELCOME_MODE.own}：${fields.welcome.text}${fields.welcome.attachment ? '（含附件）' : ''}`
          : WELCOME_MODE[fields.welcome.mode]
      case 'autoAccept':
        return fields.autoAccept.mode === 'scheduled'
          ? `${ACCEPT_MODE.scheduled}（${fields.autoAccept.windows.length} 个时段）`
          : ACCEPT_MODE[fields.autoAccept.mode]
    }
  }

  const differs = useMemo(
    () =>
      new Set(
        MERGE_FIELDS.filter((f) => !mine || !theirs || !sameField(mine, theirs, f.key)).map((f) => f.key),
      ),
    [mine, theirs],
  )

  const resolve = async (keep: 'mine' | 'theirs' | 'merged') => {
    setBusy(true)
    try {
      await api.resolveCodeConflict({
        id: conflict.id,
        keep,
        ...(keep === 'merged' && mine && theirs ? { code: mergeFields(mine, theirs, choice) } : {}),
      })
      notify(
        conflict.theirs.deleted
          ? `「${conflict.name}」已按对方的删除移除`
          : `「${conflict.name}」的冲突已处理，结果已同步给其他管理员`,
        { severity: 'success' },
      )
      onResolved()
    } catch (error) {
      notify(errorMessage(error), { severity: 'error' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="conflict-title">
      <DialogTitle id="conflict-title">修改冲突：{conflict.name}</DialogTitle>
      <DialogContent>
        {conflict.theirs.deleted ? (
          <Alert severity="warning">
            {conflict.theirs.by} 在 {formatDateTime(conflict.theirs.at)}{' '}
            删除了这个活码，企业微信中的二维码已不存在，你的修改无法保存。
          </Alert>
        ) : (
          <>
            <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1.5 }}>
              你编辑期间，{conflict.theirs.by} 在 {formatDateTime(conflict.theirs.at)}{' '}
              也修改了这个活码。请选择保留哪一版，或逐项选择后合并；每一项整体取自一方。
            </Typography>
            <Table size="small" aria-label="两个版本对比">
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: 120 }}>项目</TableCell>
                  <TableCell>我的版本（{conflict.mine.by}）</TableCell>
                  <TableCell>对方的版本（{conflict.theirs.by}）</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {MERGE_FIELDS.map((field) => {
                  const open = differs.has(field.key)
                  const cell = (side: Side, fields: CodeInput | null) => (
                    <TableCell
                      sx={{
                        verticalAlign: 'top',
                        bgcolor: open && choice[field.key] === side ? 'action.selected' : undefined,
                      }}
                    >
                      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 0.5 }}>
                        {open && (
                          <Radio
                            size="small"
                            sx={{ p: 0.25 }}
                            checked={choice[field.key] === side}
                            onChange={() => setChoice((c) => ({ ...c, [field.key]: side }))}
                            slotProps={{
                              input: {
                                'aria-label': `${field.label}用${side === 'mine' ? '我的' : '对方的'}`,
                              },
                            }}
                          />
                        )}
                        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                          {show(fields, field.key)}
                        </Typography>
                      </Box>
                    </TableCell>
                  )
                  return (
                    <TableRow key={field.key}>
                      <TableCell
                        sx={{ verticalAlign: 'top', color: open ? 'warning.main' : 'text.secondary' }}
                      >
                        {field.label}
                        {!open && (
                          <Typography variant="caption" component="div">
                            相同
                          </Typography>
                        )}
                      </TableCell>
                      {cell('mine', mine)}
                      {cell('theirs', theirs)}
                    </TableRow>
                  )
                })}
              </TableBody>
            </Table>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          稍后处理
        </Button>
        {conflict.theirs.deleted ? (
          <Button variant="contained" onClick={() => void resolve('theirs')} disabled={busy}>
            知道了，移除本地副本
          </Button>
        ) : (
          <>
            <Button onClick={() => void resolve('theirs')} disabled={busy || !theirs}>
              采用对方的
            </Button>
            <Button onClick={() => void resolve('mine')} disabled={busy || !mine}>
              保留我的
            </Button>
            <Button
              variant="contained"
              onClick={() => void resolve('merged')}
              disabled={busy || !mine || !theirs}
            >
              按所选合并
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  )
}
