// 预设标签: the corp tag library grouped by tag group, one row per group ("性别: 女 男"), click to toggle.

import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import Skeleton from '@mui/material/Skeleton'
import Typography from '@mui/material/Typography'
import { useApi } from '../hooks/api-context'
import { useQuery } from '../hooks/useQuery'
import { useWorkspace } from '../hooks/workspace-context'
import { sortedGroups, toggleTag } from '../lib/tags'
import { FieldError } from './FormRow'

interface Props {
  id: string
  value: string[]
  onChange: (tagIds: string[]) => void
  error?: string | undefined
}

export function TagPicker({ id, value, onChange, error }: Props) {
  const api = useApi()
  const { dataVersion } = useWorkspace()
  const groups = useQuery(() => api.listTagGroups({}), `tags:${dataVersion}`)

  if (groups.loading && !groups.data) return <Skeleton height={80} />
  if (groups.error) return <Alert severity="error">{groups.error}</Alert>
  const list = sortedGroups(groups.data ?? []).filter((g) => g.tags.length > 0)
  if (!list.length) {
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary', pt: 1 }}>
        标签库是空的。请先在企业微信管理后台 › 客户联系 › 客户标签 中添加标签，然后点右上角“同步”。
      </Typography>
    )
  }
  const chosen = new Set(value)
  return (
    <>
      <Box
        id={id}
        tabIndex={-1}
        role="group"
        aria-label="预设标签"
        sx={{
          border: '1px solid',
          borderColor: error ? 'error.main' : 'divider',
          borderRadius: 1,
          px: 1.5,
          py: 1,
          maxHeight: 260,
          overflowY: 'auto',
          outline: 'none',
        }}
      >
        {list.map((group) => (
          <Box key={group.groupId} sx={{ display: 'flex', gap: 1, py: 0.5, alignItems: 'baseline' }}>
            <Typography
              variant="body2"
              sx={{ color: 'text.secondary', minWidth: 84, flexShrink: 0, textAlign: 'right' }}
              title={group.name}
              noWrap
            >
              {group.name}:
            </Typography>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75 }}>
              {group.tags.map((tag) => {
                const on = chosen.has(tag.id)
                return (
                  <Chip
                    key={tag.id}
                    label={tag.name}
                    size="small"
                    clickable
                    color={on ? 'primary' : 'default'}
                    variant={on ? 'filled' : 'outlined'}
                    onClick={() => onChange(toggleTag(value, tag.id))}
                    aria-pressed={on}
                  />
                )
              })}
            </Box>
          </Box>
        ))}
        <Typography variant="caption" component="div" sx={{ color: 'text.secondary', mt: 0.5 }}>
          已选 {value.length} 个标签。客户通过此活码添加员工后，会自动打上这些标签。
        </Typography>
      </Box>
      <FieldError message={error} />
    </>
  )
}
