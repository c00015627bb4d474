// The code form's 分配规则: turn smart routing on, give each 使用人员 a weight (1–10), pick backups who
// take adds only while no main member can, and optionally cap adds per member through this code. The
// relay applies the rules with every desktop closed; schedules and the cap shared across codes are
// set once per member in 设置 › 成员.

import { useMemo } from 'react'
import Autocomplete from '@mui/material/Autocomplete'
import Box from '@mui/material/Box'
import FormControlLabel from '@mui/material/FormControlLabel'
import MenuItem from '@mui/material/MenuItem'
import Switch from '@mui/material/Switch'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { ROUTING_WEIGHT_MAX, ROUTING_WEIGHT_MIN } from '../../common/routing'
import { useApi } from '../hooks/api-context'
import { useQuery } from '../hooks/useQuery'
import { isSelectable } from '../lib/members'
import { routingDraftProblem, type RoutingDraft } from '../lib/routing-draft'
import { FormRow } from './FormRow'

interface Props {
  draft: RoutingDraft
  onChange: (draft: RoutingDraft) => void
  memberUserids: string[]
}

const WEIGHTS = Array.from(
  { length: ROUTING_WEIGHT_MAX - ROUTING_WEIGHT_MIN + 1 },
  (_, i) => i + ROUTING_WEIGHT_MIN,
)

export function RoutingSection({ draft, onChange, memberUserids }: Props) {
  const api = useApi()
  const members = useQuery(() => api.listMembers({}), 'members')
  const names = useMemo(
    () => new Map((members.data?.members ?? []).map((m) => [m.userid, m.name])),
    [members.data],
  )
  const nameOf = (userid: string) => names.get(userid) ?? userid
  const backupChoices = (members.data?.members ?? [])
    .filter((m) => isSelectable(m) && !memberUserids.includes(m.userid))
    .map((m) => m.userid)
  const problem = routingDraftProblem(draft)
  const total = memberUserids.reduce((n, u) => n + (draft.weights[u] ?? 1), 0)

  return (
    <Box data-testid="routing-section">
      <FormRow
        label="分配规则"
        hint="开启后由中转服务按权重、排班和每日上限决定客户分给谁；排班和跨活码的每日上限在 设置 › 成员排班 中按成员设置。"
      >
        <FormControlLabel
          control={
            <Switch
              checked={draft.enabled}
              onChange={(e) => onChange({ ...draft, enabled: e.target.checked })}
              slotProps={{ input: { 'aria-label': '启用智能分配' } }}
            />
          }
          label="启用智能分配"
        />
      </FormRow>
      {draft.enabled && (
        <>
          <FormRow label="成员权重">
            {memberUserids.length === 0 ? (
              <Typography variant="body2" color="text.secondary" sx={{ pt: 1 }}>
                请先选择使用人员
              </Typography>
            ) : (
              <Box
                sx={{
                  display: 'grid',
                  gridTemplateColumns: '1fr 96px 72px',
                  rowGap: 0.75,
                  alignItems: 'center',
                }}
              >
                {memberUserids.map((userid) => {
                  const weight = draft.weights[userid] ?? 1
                  return (
                    <Box key={userid} sx={{ display: 'contents' }}>
                      <Typography variant="body2">{nameOf(userid)}</Typography>
                      <TextField
                        select
                        size="small"
                        value={weight}
                        onChange={(e) =>
                          onChange({
                            ...draft,
                            weights: { ...draft.weights, [userid]: Number(e.target.value) },
                          })
                        }
                        slotProps={{ htmlInput: { 'aria-label': `${nameOf(userid)} 的权重` } }}
                      >
                        {WEIGHTS.map((w) => (
                          <MenuItem key={w} value={w}>
                            权重 {w}
                          </MenuItem>
                        ))}
                      </TextField>
                      <Typography variant="caption" color="text.secondary" sx={{ textAlign: 'right' }}>
                        约 {Math.round((weight / total) * 100)}%
                      </Typography>
                    </Box>
                  )
                })}
              </Box>
            )}
          </FormRow>
          <FormRow label="备用成员" hint="只在所有主成员都下班、已满或离职时接待；有主成员可接待时自动交回。">
            <Autocomplete
              multiple
              size="small"
              options={backupChoices}
              value={draft.backups.filter((b) => !memberUserids.includes(b))}
              getOptionLabel={nameOf}
              onChange={(_, backups) => onChange({ ...draft, backups })}
              renderInput={(params) => <TextField {...params} placeholder="选择备用成员（可不选）" />}
            />
          </FormRow>
          <FormRow
            label="本码每人上限"
            hint="每名成员每天经本活码最多接待的客户数（按工作区时区零点重置），留空表示不限。"
          >
            <TextField
              size="small"
              value={draft.codeDailyCap}
              onChange={(e) => onChange({ ...draft, codeDailyCap: e.target.value })}
              placeholder="不限"
              error={problem !== null}
              helperText={problem ?? ' '}
              slotProps={{ htmlInput: { inputMode: 'numeric', 'aria-label': '本码每人每日上限' } }}
              sx={{ width: 160 }}
            />
          </FormRow>
        </>
      )}
    </Box>
  )
}
