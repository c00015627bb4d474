// The welcome editor's state: text plus an attachment being edited as image or link (both drafts are kept
// so switching the radio does not lose what was typed), and how it becomes WelcomeContent.

import type { WelcomeContent, WelcomeImage } from '../../common/domain'

export type AttachmentKind = 'none' | 'image' | 'link'

export interface LinkDraft {
  title: string
  url: string
  desc: string
  picUrl: string
}

export interface WelcomeDraft {
  text: string
  attachmentKind: AttachmentKind
  image: WelcomeImage | null
  link: LinkDraft
}

export const emptyLink: LinkDraft = { title: '', url: '', desc: '', picUrl: '' }

export function emptyWelcomeDraft(): WelcomeDraft {
  return { text: '', attachmentKind: 'none', image: null, link: { ...emptyLink } }
}

export function draftFromWelcome(content: WelcomeContent): WelcomeDraft {
  const a = content.attachment
  return {
    text: content.text,
    attachmentKind: a ? a.kind : 'none',
    image: a?.kind === 'image' ? a : null,
    link:
      a?.kind === 'link' ? { title: a.title, url: a.url, desc: a.desc, picUrl: a.picUrl } : { ...emptyLink },
  }
}

export function welcomeFromDraft(draft: WelcomeDraft): WelcomeContent {
  if (draft.attachmentKind === 'link')
    return { text: draft.text, attachment: { kind: 'link', ...draft.link } }
  if (draft.attachmentKind === 'image' && draft.image) return { text: draft.text, attachment: draft.image }
  return { text: draft.text, attachment: null }
}

/** A check zod cannot make: "图片" chosen but nothing uploaded. */
export function missingImage(draft: WelcomeDraft): boolean {
  return draft.attachmentKind === 'image' && !draft.image
}

export const MISSING_IMAGE_MESSAGE = '请上传欢迎语图片，或把欢迎语2改为链接'
