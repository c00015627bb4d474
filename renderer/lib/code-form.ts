// The create/edit form's values, their conversion from a Code and to the createCode/updateCode input, and
// validation with the same zod schema the services use (so the messages match word for word).

import type { z } from 'zod'
import type { AutoAccept, Code, WelcomeMode } from '../../common/domain'
import { richCodeInputSchema, type RichWelcome } from '../../common/rich-welcome'
import { attachmentListProblem, attachmentProblems } from '../../common/attachment-check'
import { attachmentsTotalProblem } from '../../common/welcome-schemas'
import { extraAttachments, storedAttachments } from './attachments-form'
import { errorsFromIssues, type FieldErrors } from './field-errors'
import {
  draftFromWelcome,
  emptyWelcomeDraft,
  MISSING_IMAGE_MESSAGE,
  missingImage,
  welcomeFromDraft,
  type WelcomeDraft,
} from './welcome-draft'

export type CodeInputDraft = z.input<typeof richCodeInputSchema>

export interface CodeFormValues {
  name: string
  memberUserids: string[]
  tagIds: string[]
  welcomeMode: WelcomeMode
  welcome: WelcomeDraft
  autoAccept: AutoAccept
  /**
   * Issue 17: timed messages, auto remark, and in `welcomeAttachments` the 附件 listed under 欢迎语2
   * (without it: see lib/attachments-form.ts).
   */
  rich: RichWelcome
}

export function emptyCodeForm(): CodeFormValues {
  return {
    name: '',
    memberUserids: [],
    tagIds: [],
    welcomeMode: 'own',
    welcome: emptyWelcomeDraft(),
    autoAccept: { mode: 'on', windows: [] },
    rich: {},
  }
}

export function formFromCode(code: Code): CodeFormValues {
  return {
    name: code.name,
    memberUserids: [...code.memberUserids],
    tagIds: [...code.tagIds],
    welcomeMode: code.welcome.mode,
    welcome: draftFromWelcome(code.welcome),
    autoAccept: { mode: code.autoAccept.mode, windows: code.autoAccept.windows.map((w) => ({ ...w })) },
    rich: code.rich
      ? {
          ...code.rich,
          welcomeAttachments: extraAttachments(code.rich.welcomeAttachments, code.welcome.attachment),
        }
      : {},
  }
}

/** Only the code's own welcome carries content; the other modes send none (nothing hidden gets validated). */
export function inputFromForm(values: CodeFormValues): CodeInputDraft {
  const content =
    values.welcomeMode === 'own' ? welcomeFromDraft(values.welcome) : { text: '', attachment: null }
  const { welcomeAttachments: extra = [], ...rest } = values.rich
  const stored = values.welcomeMode === 'own' ? storedAttachments(extra, content.attachment) : []
  return {
    name: values.name,
    memberUserids: values.memberUserids,
    tagIds: values.tagIds,
    welcome: { mode: values.welcomeMode, ...content },
    autoAccept: {
      mode: values.autoAccept.mode,
      windows: values.autoAccept.mode === 'scheduled' ? values.autoAccept.windows : [],
    },
    // Always sent, so clearing the last window or the remark clears it on the code too (a rich
    // object replaces the stored one whole, so leaving out empty attachments clears them as well).
    rich: {
      ...rest,
      welcomeWindows: values.rich.welcomeWindows ?? [],
      autoRemark: values.rich.autoRemark ?? null,
      ...(stored.length ? { welcomeAttachments: stored } : {}),
    },
  }
}

/** Top-to-bottom order of the form's fields, for focusing the first invalid one. */
export const CODE_FIELD_ORDER = [
  'name',
  'memberUserids',
  'tagIds',
  'welcome.mode',
  'welcome.text',
  'welcome.attachment',
  'welcome.attachment.mimeType',
  'welcome.attachment.dataBase64',
  'welcome.attachment.title',
  'welcome.attachment.url',
  'welcome.attachment.desc',
  'welcome.attachment.picUrl',
  'rich.welcomeAttachments',
  'rich.welcomeWindows',
  'rich.autoRemark.remark',
  'autoAccept.windows',
] as const

export function validateCodeForm(values: CodeFormValues): FieldErrors {
  const parsed = richCodeInputSchema.safeParse(inputFromForm(values))
  const errors = parsed.success ? {} : errorsFromIssues(parsed.error.issues)
  if (values.welcomeMode === 'own' && missingImage(values.welcome)) {
    errors['welcome.attachment'] ??= MISSING_IMAGE_MESSAGE
  }
  delete errors['rich.welcomeAttachments']
  for (const key of Object.keys(errors))
    if (/^rich\.welcomeWindows\.\d+\.message\.attachments/.test(key)) delete errors[key]
  if (values.welcomeMode === 'own') Object.assign(errors, attachmentErrors(values))
  Object.assign(errors, windowAttachmentErrors(values))
  return errors
}

export function isFormDirty(a: CodeFormValues, b: CodeFormValues): boolean {
  return JSON.stringify(a) !== JSON.stringify(b)
}

/**
 * Each welcome window's attachments, checked as the code's own (keys
 * 'rich.welcomeWindows.1.message.attachments.0.appid' and the list's problem under
 * '….attachments'), in place of zod's collapsed keys; and every list together within one push.
 */
function windowAttachmentErrors(values: CodeFormValues): FieldErrors {
  const out: FieldErrors = {}
  const windows = values.rich.welcomeWindows ?? []
  windows.forEach((w, i) => {
    const path = `rich.welcomeWindows.${i}.message.attachments`
    w.message.attachments.forEach((a, j) => {
      for (const [field, message] of Object.entries(attachmentProblems(a)))
        out[`${path}.${j}.${field}`] = message
    })
    const listProblem = attachmentListProblem(w.message.attachments)
    if (listProblem) out[path] = listProblem
  })
  const own = values.welcomeMode === 'own' ? (values.rich.welcomeAttachments ?? []) : []
  const total = attachmentsTotalProblem([own, ...windows.map((w) => w.message.attachments)])
  if (total && windows.some((w) => w.message.attachments.length > 0)) out['rich.welcomeWindows'] ??= total
  return out
}

/**
 * The 附件 list's errors keyed by position ('rich.welcomeAttachments.2.appid'), so each card shows
 * its own, and the list's own problem (too many, too heavy) under 'rich.welcomeAttachments' in place
 * of zod's collapsed key.
 */
function attachmentErrors(values: CodeFormValues): FieldErrors {
  const out: FieldErrors = {}
  const extra = values.rich.welcomeAttachments ?? []
  const second = welcomeFromDraft(values.welcome).attachment
  extra.forEach((a, i) => {
    for (const [field, message] of Object.entries(attachmentProblems(a)))
      out[`rich.welcomeAttachments.${i}.${field}`] = message
  })
  const listProblem = attachmentListProblem(extra, second ? [second] : [])
  if (listProblem) out['rich.welcomeAttachments'] = listProblem
  return out
}
