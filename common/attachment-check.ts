// The code form's checks on the welcome's attachments (issue 17), with the Chinese message a manager
// sees: a file picked from disk is refused at once when its kind or size is wrong (before it is read),
// each attachment is checked field by field with the schema the relay uses, and the list as a whole
// against WeCom's 9 (send_welcome_msg, 41064) and the weight one policy push can carry.

import { IMAGE_MAX_BYTES, IMAGE_MIN_BYTES } from './limits'
import {
  ATTACHMENTS_TOTAL_MAX_BYTES,
  attachmentsTotalProblem,
  FILE_MAX_BYTES,
  richAttachmentSchema,
  VIDEO_MAX_BYTES,
  WELCOME_ATTACHMENTS_MAX,
  type RichAttachment,
} from './welcome-schemas'

export type AttachmentKind = RichAttachment['kind']

/** What a picked file is for: an image attachment, a link's or mini-program's cover, a video, a file. */
export type FileRole = 'image' | 'cover' | 'video' | 'file'

export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  image: '图片',
  link: '链接',
  miniprogram: '小程序',
  video: '视频',
  file: '文件',
}

interface PickedFile {
  name: string
  type: string
  size: number
}

const ROLE_WORD: Record<FileRole, string> = { image: '图片', cover: '封面图片', video: '视频', file: '文件' }
const ROLE_MAX: Record<FileRole, number> = {
  image: IMAGE_MAX_BYTES,
  cover: IMAGE_MAX_BYTES,
  video: VIDEO_MAX_BYTES,
  file: FILE_MAX_BYTES,
}

/** The accept attribute of the file input for each role. */
export const ROLE_ACCEPT: Record<FileRole, string> = {
  image: '.jpg,.jpeg,.png,image/png,image/jpeg',
  cover: '.jpg,.jpeg,.png,image/png,image/jpeg',
  video: '.mp4,video/mp4',
  file: '',
}

/** 2 MB, 10 MB, 1.5 MB, 300 KB: how a size reads in a message. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} B`
}

const extOf = (name: string) => (name.includes('.') ? (name.toLowerCase().split('.').pop() ?? '') : '')

/** The MIME type the relay uploads the file with, from the browser's type or, failing that, the name. */
export function mimeTypeOf(role: FileRole, file: Pick<PickedFile, 'name' | 'type'>): string {
  const ext = extOf(file.name)
  if (role === 'image' || role === 'cover')
    return file.type === 'image/png' || ext === 'png' ? 'image/png' : 'image/jpeg'
  if (role === 'video') return 'video/mp4'
  return file.type || 'application/octet-stream'
}

/** Why a picked file cannot be this role's attachment, or null when it can. */
export function fileProblem(role: FileRole, file: PickedFile): string | null {
  const word = ROLE_WORD[role]
  const ext = extOf(file.name)
  if (role === 'image' || role === 'cover') {
    const ok =
      ['image/png', 'image/jpeg', 'image/jpg'].includes(file.type) || ['png', 'jpg', 'jpeg'].includes(ext)
    if (!ok) return `${word}只支持 JPG 或 PNG 格式（「${file.name}」不是）`
  }
  if (role === 'video' && file.type !== 'video/mp4' && ext !== 'mp4')
    return `视频只支持 MP4 格式（「${file.name}」不是）`
  if (file.size < (role === 'file' || role === 'video' ? 6 : IMAGE_MIN_BYTES)) return `${word}文件是空的`
  const max = ROLE_MAX[role]
  if (file.size > max)
    return `${word}不能超过 ${formatSize(max)}（「${file.name}」有 ${formatSize(file.size)}）`
  return null
}

/** An attachment's problems by field ('title', 'url', 'appid', 'page', 'cover', 'picUrl', 'desc', 'data'). */
export function attachmentProblems(a: RichAttachment): Record<string, string> {
  const out: Record<string, string> = {}
  // A mini-program added in the form has a blank cover until one is uploaded.
  if (a.kind === 'miniprogram' && !a.cover.dataBase64)
    out.cover = '请上传小程序封面图片（JPG 或 PNG，不超过 2 MB）'
  const parsed = richAttachmentSchema.safeParse(a)
  if (parsed.success) return out
  for (const issue of parsed.error.issues) {
    const head = String(issue.path[0] ?? 'data')
    const field = head === 'dataBase64' || head === 'mimeType' || head === 'fileName' ? 'data' : head
    out[field] ??= issue.message
  }
  return out
}

/**
 * The list's own problem: more than WeCom's 9 (counting the 欢迎语2 attachment that goes first,
 * `before`), or heavier than one push can carry; else null.
 */
export function attachmentListProblem(list: RichAttachment[], before: RichAttachment[] = []): string | null {
  const count = list.length + before.length
  if (count > WELCOME_ATTACHMENTS_MAX)
    return `附件最多 ${WELCOME_ATTACHMENTS_MAX} 个（企业微信的上限），现有 ${count} 个${before.length ? '（含欢迎语2）' : ''}，请删去 ${count - WELCOME_ATTACHMENTS_MAX} 个`
  return attachmentsTotalProblem([before, list])
}

/** How many more attachments fit next to `used` ones. */
export function attachmentsLeft(used: number): number {
  return Math.max(0, WELCOME_ATTACHMENTS_MAX - used)
}

export { ATTACHMENTS_TOTAL_MAX_BYTES, WELCOME_ATTACHMENTS_MAX }
