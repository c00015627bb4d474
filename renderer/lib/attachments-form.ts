// How the form's 附件 list and the code's stored attachments relate. The form keeps 欢迎语2 (the
// manual's single image or link) and lists the further attachments under it; the relay sends
// `welcomeAttachments` instead of 欢迎语2 when there are any (relay/welcome/compose.ts), so the saved
// list is 欢迎语2 first, then the rest, and reopening takes 欢迎语2 back off its head.

import type { WelcomeAttachment } from '../../common/domain'
import type { AttachmentKind } from '../../common/attachment-check'
import type { RichAttachment } from '../../common/welcome-schemas'

/** Key order does not matter: the db and the form may build the same object in different orders. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value)
}

/** The attachments the form lists under 欢迎语2, from the code's stored list. */
export function extraAttachments(stored: RichAttachment[] | undefined, second: WelcomeAttachment | null) {
  const list = stored ?? []
  if (second && list.length && canonical(list[0]) === canonical(second)) return list.slice(1)
  return list
}

/** The list the code stores and the relay sends: 欢迎语2 first, only when there are further ones. */
export function storedAttachments(
  extra: RichAttachment[],
  second: WelcomeAttachment | null,
): RichAttachment[] {
  if (!extra.length) return []
  return second ? [second, ...extra] : [...extra]
}

/** A blank cover: the mini-program's form shows 请上传 until one is picked. */
export const NO_COVER = { fileName: '', mimeType: 'image/png' as const, dataBase64: '' }

/** A new link or mini-program with empty fields (the file kinds are made from a picked file). */
export function blankAttachment(kind: Extract<AttachmentKind, 'link' | 'miniprogram'>): RichAttachment {
  if (kind === 'link') return { kind: 'link', title: '', url: '', desc: '', picUrl: '' }
  return { kind: 'miniprogram', title: '', appid: '', page: '', cover: { ...NO_COVER } }
}

export function moved<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list
  const next = [...list]
  const [item] = next.splice(from, 1)
  next.splice(to, 0, item!)
  return next
}
