// 分时段欢迎语: messages sent instead of the code's welcome when the add falls on the chosen weekdays
// between start and end (in the workspace's zone). Each window: weekday chips, start/end, message text
// with placeholder buttons, its own attachments (up to WeCom's nine, as the code's welcome), and a
// preview filled as a customer sees it.

import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { WELCOME_WINDOWS_MAX, type WelcomeWindow } from '../../common/welcome-schemas'
import { fillPlaceholders, type PlaceholderValues } from '../../common/welcome-text'
import type { FieldErrors } from '../lib/field-errors'
import { AttachmentsEditor } from './AttachmentsEditor'
import { AttachmentsPreview } from './AttachmentsPreview'
import { FieldError } from './FormRow'
import { PlaceholderButtons } from './PlaceholderButtons'
import { WelcomePreview } from './WelcomePreview'

const DAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']

interface Props {
  value: WelcomeWindow[]
  onChange: (windows: WelcomeWindow[]) => void
  sample: PlaceholderValues
  /** The form's errors: each window's attachment cards read theirs by key. */
  errors: FieldErrors
  /** The windows' own problem (overlap, empty message…), shown under the list. */
  error?: string | undefined
}

/** Where a window's attachments' errors live, as the form's validation keys them. */
export const windowAttachmentsPath = (i: number) => `rich.welcomeWindows.${i}.message.attachments`

const newWindow = (): WelcomeWindow => ({
  weekdays: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  message: { text: '', attachments: [] },
})

export function WelcomeWindowsEditor({ value, onChange, sample, errors, error }: Props) {
  const set = (i: number, patch: Partial<WelcomeWindow>) =>
    onChange(value.map((w, j) => (j === i ? { ...w, ...patch } : w)))
  const setText = (i: number, text: string) => set(i, { message: { ...value[i]!.message, text } })
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      {value.map((w, i) => (
        <Box
          key={i}
          data-testid={`welcome-window-${i}`}
          sx={{ border: '1px solid', borderColor: 'divider', borderRadius: 1.5, p: 1.5 }}
        >
          <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', alignItems: 'center' }}>
            {DAYS.map((name, d) => {
              const day = d + 1
              const on = w.weekdays.includes(day)
              return (
                <Chip
                  key={day}
                  size="small"
                  label={name}
                  color={on ? 'primary' : 'default'}
                  variant={on ? 'filled' : 'outlined'}
                  aria-pressed={on}
                  aria-label={`时段${i + 1}${name}`}
                  onClick={() =>
                    set(i, {
                      weekdays: on
                        ? w.weekdays.filter((x) => x !== day)
                        : [...w.weekdays, day].sort((a, b) => a - b),
                    })
                  }
                />
              )
            })}
            <TextField
              size="small"
              label="开始"
              value={w.start}
              onChange={(e) => set(i, { start: e.target.value })}
              slotProps={{ htmlInput: { 'aria-label': `时段${i + 1}开始` } }}
              sx={{ width: 80, ml: 1 }}
            />
            <TextField
              size="small"
              label="结束"
              value={w.end}
              onChange={(e) => set(i, { end: e.target.value })}
              slotProps={{ htmlInput: { 'aria-label': `时段${i + 1}结束` } }}
              sx={{ width: 80 }}
            />
            <Button
              size="small"
              color="error"
              sx={{ ml: 'auto', minWidth: 0 }}
              aria-label={`删除时段${i + 1}`}
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            >
              删除
            </Button>
          </Box>
          <TextField
            multiline
            fullWidth
            minRows={2}
            size="small"
            sx={{ mt: 1 }}
            placeholder="这个时段发送的欢迎语，例如：{客户昵称}您好，现在是下班时间，明早 9 点回复您"
            value={w.message.text}
            onChange={(e) => setText(i, e.target.value)}
            slotProps={{ htmlInput: { 'aria-label': `时段${i + 1}欢迎语` } }}
          />
          <PlaceholderButtons label={`时段${i + 1}`} onInsert={(p) => setText(i, w.message.text + p)} />
          <Box sx={{ mt: 1 }} data-testid={`welcome-window-${i}-attachments`}>
            <AttachmentsEditor
              value={w.message.attachments}
              onChange={(attachments) => set(i, { message: { ...w.message, attachments } })}
              alreadyUsed={0}
              errors={errors}
              path={windowAttachmentsPath(i)}
              prefix={`时段${i + 1}`}
            />
          </Box>
          {(w.message.text.trim() || w.message.attachments.length > 0) && (
            <Box sx={{ mt: 1 }}>
              <Typography variant="caption" sx={{ color: 'text.secondary' }}>
                客户看到的样子
              </Typography>
              <WelcomePreview
                content={{ text: fillPlaceholders(w.message.text, sample), attachment: null }}
              />
              <AttachmentsPreview list={w.message.attachments} />
            </Box>
          )}
        </Box>
      ))}
      <Box>
        <Button
          size="small"
          variant="outlined"
          disabled={value.length >= WELCOME_WINDOWS_MAX}
          onClick={() => onChange([...value, newWindow()])}
        >
          添加时段欢迎语
        </Button>
        <Typography variant="caption" sx={{ color: 'text.secondary', ml: 1 }}>
          客户在所选时段添加时发送该时段的欢迎语，其余时间发送上面的欢迎语
        </Typography>
      </Box>
      <FieldError message={error} />
    </Box>
  )
}
