// The richer welcome of issue 17, validated with the Chinese message a manager sees: up to 9
// attachments of every kind send_welcome_msg takes (WECOM.md › Welcome message), messages by weekday
// and time of day, and the auto remark / description templates. Every field on a code's policy is
// optional, so a policy without them is the manual's single text plus one image or link.

import { z } from 'zod'
import { base64Bytes, IMAGE_MAX_BYTES, IMAGE_MIN_BYTES, utf8Bytes } from './limits'
import { scheduleProblem, TIME_PATTERN } from './schedule'
import { welcomeImageSchema, welcomeLinkSchema } from './schemas'

/** send_welcome_msg takes at most 9 attachments (41064). */
export const WELCOME_ATTACHMENTS_MAX = 9
export const MINIPROGRAM_TITLE_MAX_BYTES = 64
/** media/upload: video (MP4) ≤ 10 MB, file ≤ 20 MB; media ids lapse after 3 days. */
export const VIDEO_MAX_BYTES = 10 * 1024 * 1024
export const FILE_MAX_BYTES = 20 * 1024 * 1024
/**
 * What all attachments of one code may weigh together: the policy travels to the relay in one
 * request, which takes at most 16 MB of JSON (base64 adds a third).
 */
export const ATTACHMENTS_TOTAL_MAX_BYTES = 11 * 1024 * 1024
/** externalcontact/remark: remark ≤ 20 characters, description ≤ 150. */
export const REMARK_MAX_CHARS = 20
export const DESCRIPTION_MAX_CHARS = 150
export const WELCOME_WINDOWS_MAX = 20

const APPID = /^wx[0-9a-f]{16}$/i

/** A file picked from disk, carried as base64 (the relay uploads it to WeCom). */
const fileData = (what: string, maxBytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/=\s]*$/, { error: `${what}数据无效` })
    .refine((b) => base64Bytes(b) > 5, { error: `${what}文件为空` })
    .refine((b) => base64Bytes(b) <= maxBytes, {
      error: `${what}不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`,
    })

/** A cover picked from disk (JPG/PNG ≤ 2 MB): a link's picurl, a mini-program's pic_media_id. */
export const coverImageSchema = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  mimeType: z.enum(['image/png', 'image/jpeg'], { error: '封面图片只支持 JPG 或 PNG 格式' }),
  dataBase64: fileData('封面图片', IMAGE_MAX_BYTES).refine((b) => base64Bytes(b) >= IMAGE_MIN_BYTES, {
    error: '封面图片文件为空',
  }),
})

/** A link whose cover may also be uploaded from disk (then it wins over picUrl). */
export const richLinkSchema = welcomeLinkSchema.extend({ cover: coverImageSchema.nullable().optional() })

export const miniprogramSchema = z.strictObject({
  kind: z.literal('miniprogram'),
  title: z
    .string()
    .trim()
    .min(1, { error: '请输入小程序消息标题' })
    .refine((v) => utf8Bytes(v) <= MINIPROGRAM_TITLE_MAX_BYTES, {
      error: '小程序消息标题过长（最多 64 字节，约 21 个汉字）',
    }),
  appid: z
    .string()
    .trim()
    .regex(APPID, { error: '小程序 AppID 格式不对：应为 wx 开头的 18 位字母数字（须已关联到企业）' }),
  page: z
    .string()
    .trim()
    .min(1, { error: '请输入小程序页面路径' })
    .max(1024, { error: '小程序页面路径过长' })
    .refine((v) => v.includes('.html'), { error: '小程序页面路径须以 .html 结尾（如 pages/index.html）' }),
  cover: coverImageSchema,
})

export const videoSchema = z.strictObject({
  kind: z.literal('video'),
  fileName: z.string().trim().min(1).max(200),
  mimeType: z.literal('video/mp4', { error: '视频只支持 MP4 格式' }),
  dataBase64: fileData('视频', VIDEO_MAX_BYTES),
})

export const fileSchema = z.strictObject({
  kind: z.literal('file'),
  fileName: z.string().trim().min(1, { error: '请选择文件' }).max(200, { error: '文件名过长' }),
  mimeType: z.string().min(1).max(200),
  dataBase64: fileData('文件', FILE_MAX_BYTES),
})

export const richAttachmentSchema = z.discriminatedUnion('kind', [
  welcomeImageSchema,
  richLinkSchema,
  miniprogramSchema,
  videoSchema,
  fileSchema,
])
export type RichAttachment = z.output<typeof richAttachmentSchema>

/** Decoded bytes one attachment carries (its files and cover). */
export function attachmentBytes(a: RichAttachment): number {
  if (a.kind === 'link') return a.cover ? base64Bytes(a.cover.dataBase64) : 0
  if (a.kind === 'miniprogram') return base64Bytes(a.cover.dataBase64)
  return base64Bytes(a.dataBase64)
}

const welcomeText = z.string().refine((v) => utf8Bytes(v) <= 4000, {
  error: '欢迎语过长（最多 4000 字节，约 1300 个汉字）',
})

export const welcomeMessageSchema = z
  .strictObject({
    text: welcomeText,
    attachments: z
      .array(richAttachmentSchema)
      .max(WELCOME_ATTACHMENTS_MAX, { error: `附件最多 ${WELCOME_ATTACHMENTS_MAX} 个（企业微信的上限）` }),
  })
  .refine((m) => m.text.trim().length > 0 || m.attachments.length > 0, {
    error: '这条欢迎语是空的：请填写文字或添加附件',
    path: ['text'],
  })
export type WelcomeMessage = z.output<typeof welcomeMessageSchema>

const WEEKDAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']

export const welcomeWindowSchema = z
  .strictObject({
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1, { error: '请至少选择一天' })
      .max(7)
      .refine((d) => new Set(d).size === d.length, { error: '星期有重复' }),
    start: z.string().regex(TIME_PATTERN, { error: '时间格式应为 HH:MM' }),
    end: z.string().regex(TIME_PATTERN, { error: '时间格式应为 HH:MM' }),
    message: welcomeMessageSchema,
  })
  .superRefine((w, ctx) => {
    const problem = scheduleProblem(w.weekdays.map((weekday) => ({ weekday, start: w.start, end: w.end })))
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['end'] })
  })
export type WelcomeWindow = z.output<typeof welcomeWindowSchema>

/** Windows of one code: at most WELCOME_WINDOWS_MAX, and no two covering the same minute. */
export const welcomeWindowsSchema = z
  .array(welcomeWindowSchema)
  .max(WELCOME_WINDOWS_MAX, { error: `分时段欢迎语最多 ${WELCOME_WINDOWS_MAX} 个时段` })
  .superRefine((windows, ctx) => {
    const flat = windows.flatMap((w) =>
      w.weekdays.map((weekday) => ({ weekday, start: w.start, end: w.end })),
    )
    const problem = scheduleProblem(flat)
    if (problem) ctx.addIssue({ code: 'custom', message: `分时段欢迎语：${problem}` })
  })

export const PLACEHOLDERS = ['{客户昵称}', '{成员姓名}', '{渠道名称}'] as const

export const autoRemarkSchema = z.strictObject({
  /** e.g. '{客户昵称}-{渠道名称}'; '' leaves the remark alone. */
  remark: z.string().max(100, { error: '备注模板过长' }),
  /** '' leaves the description alone. */
  description: z.string().max(300, { error: '描述模板过长' }),
})
export type AutoRemark = z.output<typeof autoRemarkSchema>

/** The policy fields of issue 17, all optional (a 0.1.0 desktop pushes none of them). */
export const richWelcomePolicyFields = {
  /** The default message's attachments; when set they replace welcome.attachment. */
  welcomeAttachments: z
    .array(richAttachmentSchema)
    .max(WELCOME_ATTACHMENTS_MAX, { error: `附件最多 ${WELCOME_ATTACHMENTS_MAX} 个（企业微信的上限）` })
    .optional(),
  /** Messages by weekday and time of day, in the workspace's zone at the add's CreateTime. */
  welcomeWindows: welcomeWindowsSchema.optional(),
  autoRemark: autoRemarkSchema.nullable().optional(),
}

/** The Chinese message when a code's attachments together are too heavy to push, else null. */
export function attachmentsTotalProblem(lists: RichAttachment[][]): string | null {
  const total = lists.flat().reduce((sum, a) => sum + attachmentBytes(a), 0)
  return total > ATTACHMENTS_TOTAL_MAX_BYTES
    ? `附件合计不能超过 ${ATTACHMENTS_TOTAL_MAX_BYTES / 1024 / 1024} MB（现为 ${(total / 1024 / 1024).toFixed(1)} MB）`
    : null
}

export function weekdaysLabel(days: number[]): string {
  return [...days]
    .sort((a, b) => a - b)
    .map((d) => WEEKDAY_NAMES[d - 1] ?? `周${d}`)
    .join('、')
}
