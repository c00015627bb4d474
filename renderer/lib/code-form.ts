// The create/edit form's values, their conversion from a Code and to the createCode/updateCode input, and
// validation with the same zod schema the services use (so the messages match word for word).

import type { z } from 'zod'
import type { AutoAccept, Code, WelcomeMode } from '../../common/domain'
import { richCodeInputSchema, type RichWelcome } from '../../common/rich-welcome'
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
  /** Issue 17: timed messages and auto remark (attachments are kept as they came). */
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
    rich: code.rich ?? {},
  }
}

/** Only the code's own welcome carries content; the other modes send none (nothing hidden gets validated). */
export function inputFromForm(values: CodeFormValues): CodeInputDraft {
  const content =
    values.welcomeMode === 'own' ? welcomeFromDraft(values.welcome) : { text: '', attachment: null }
  return {
    name: values.name,
    memberUserids: values.memberUserids,
    tagIds: values.tagIds,
    welcome: { mode: values.welcomeMode, ...content },
    autoAccept: {
      mode: values.autoAccept.mode,
      windows: values.autoAccept.mode === 'scheduled' ? values.autoAccept.windows : [],
    },
    // Always sent, so clearing the last window or the remark clears it on the code too.
    rich: {
      ...values.rich,
      welcomeWindows: values.rich.welcomeWindows ?? [],
      autoRemark: values.rich.autoRemark ?? null,
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
  return errors
}

export function isFormDirty(a: CodeFormValues, b: CodeFormValues): boolean {
  return JSON.stringify(a) !== JSON.stringify(b)
}
