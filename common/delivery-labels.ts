// The words for a customer's welcome and tags outcomes, shared by the customer list's chips and the
// customer export, so the sheet says what the screen says. null: nothing worth showing.

import type { TagsOutcome, WelcomeOutcome } from './domain'

export type Tone = 'success' | 'warning' | 'error' | 'default'

export interface OutcomeLabel {
  label: string
  tone: Tone
}

export const WELCOME_LABELS: Record<WelcomeOutcome, OutcomeLabel | null> = {
  sent: { label: '欢迎语已发', tone: 'success' },
  pending: { label: '欢迎语发送中', tone: 'default' },
  failed: { label: '欢迎语失败', tone: 'error' },
  missed: { label: '未发欢迎语', tone: 'warning' },
  no_code: { label: '未发欢迎语', tone: 'default' },
  off: null,
  unknown: null,
}

/** Applied and repaired tags are shown by name; these label the outcomes that have no names. */
export const TAGS_LABELS: Record<TagsOutcome, OutcomeLabel | null> = {
  applied: { label: '已打标签', tone: 'success' },
  repaired: { label: '已补打标签', tone: 'success' },
  pending: { label: '标签处理中', tone: 'default' },
  failed: { label: '标签失败', tone: 'error' },
  missed: { label: '待补打标签', tone: 'warning' },
  none: null,
  unknown: null,
}
