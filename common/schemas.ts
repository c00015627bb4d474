// Runtime schemas for every input that crosses a process boundary, with the Chinese message a
// manager sees next to the field. The contract, the services and the form all validate with these.

import { z } from 'zod'
import {
  base64Bytes,
  CODE_MEMBERS_MAX,
  CODE_NAME_MAX,
  IMAGE_MAX_BYTES,
  IMAGE_MIN_BYTES,
  LINK_DESC_MAX_BYTES,
  LINK_TITLE_MAX_BYTES,
  utf8Bytes,
  WELCOME_TEXT_MAX_BYTES,
} from './limits'
import { groupFilterSchema } from './code-groups'
import { scheduleProblem, TIME_PATTERN } from './schedule'
import { isTimeZone } from './zoned-time'

const HTTP_URL = /^https?:\/\/[^\s/$.?#].[^\s]*$/i

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(2048, { error: `${what}过长` })
    .refine((v) => HTTP_URL.test(v), {
      error: `${what}须以 http:// 或 https:// 开头`,
    })

export const codeNameSchema = z
  .string({ error: '请输入渠道活码名称' })
  .trim()
  .min(1, { error: '请输入渠道活码名称' })
  .max(CODE_NAME_MAX, { error: `渠道活码名称不能超过 ${CODE_NAME_MAX} 个字` })

export const welcomeImageSchema = z.strictObject({
  kind: z.literal('image'),
  fileName: z.string().trim().min(1).max(200),
  mimeType: z.enum(['image/png', 'image/jpeg'], { error: '图片只支持 JPG 或 PNG 格式' }),
  dataBase64: z
    .string()
    .regex(/^[A-Za-z0-9+/=\s]*$/, { error: '图片数据无效' })
    .refine((b) => base64Bytes(b) >= IMAGE_MIN_BYTES, { error: '图片文件为空' })
    .refine((b) => base64Bytes(b) <= IMAGE_MAX_BYTES, { error: '图片不能超过 2 MB' }),
})

export const welcomeLinkSchema = z.strictObject({
  kind: z.literal('link'),
  title: z
    .string()
    .trim()
    .min(1, { error: '请输入链接标题' })
    .refine((v) => utf8Bytes(v) <= LINK_TITLE_MAX_BYTES, { error: '链接标题过长（最多约 42 个汉字）' }),
  url: httpUrl('链接地址'),
  desc: z
    .string()
    .trim()
    .refine((v) => utf8Bytes(v) <= LINK_DESC_MAX_BYTES, { error: '链接描述过长（最多约 170 个汉字）' }),
  picUrl: z.union([z.literal(''), httpUrl('封面图片地址')]),
})

export const welcomeAttachmentSchema = z.discriminatedUnion('kind', [welcomeImageSchema, welcomeLinkSchema])

const welcomeText = z.string().refine((v) => utf8Bytes(v) <= WELCOME_TEXT_MAX_BYTES, {
  error: '欢迎语过长（最多 4000 字节，约 1300 个汉字）',
})

export const welcomeContentSchema = z.strictObject({
  text: welcomeText,
  attachment: welcomeAttachmentSchema.nullable(),
})

export const codeWelcomeSchema = z
  .strictObject({
    mode: z.enum(['own', 'default', 'none']),
    text: welcomeText,
    attachment: welcomeAttachmentSchema.nullable(),
  })
  .refine((w) => w.mode !== 'own' || w.text.trim().length > 0 || w.attachment !== null, {
    error: '渠道欢迎语不能为空：请填写欢迎语1或添加图片/链接',
    path: ['text'],
  })

export const scheduleWindowSchema = z.strictObject({
  weekday: z.number().int().min(1).max(7),
  start: z.string().regex(TIME_PATTERN, { error: '时间格式应为 HH:MM' }),
  end: z.string().regex(TIME_PATTERN, { error: '时间格式应为 HH:MM' }),
})

export const autoAcceptSchema = z
  .strictObject({
    mode: z.enum(['off', 'on', 'scheduled']),
    windows: z.array(scheduleWindowSchema).max(7 * 24),
  })
  .superRefine((a, ctx) => {
    if (a.mode !== 'scheduled') return
    if (a.windows.length === 0) {
      ctx.addIssue({ code: 'custom', message: '定时开启至少需要一个时段', path: ['windows'] })
      return
    }
    const problem = scheduleProblem(a.windows)
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['windows'] })
  })

export const codeInputSchema = z.strictObject({
  name: codeNameSchema,
  memberUserids: z
    .array(z.string().min(1).max(64))
    .min(1, { error: '请至少选择一名使用人员' })
    .max(CODE_MEMBERS_MAX, { error: `使用人员最多 ${CODE_MEMBERS_MAX} 人` })
    .refine((ids) => new Set(ids).size === ids.length, { error: '使用人员有重复' }),
  tagIds: z.array(z.string().min(1).max(128)).max(200),
  welcome: codeWelcomeSchema,
  autoAccept: autoAcceptSchema,
})

export type CodeInput = z.output<typeof codeInputSchema>

export const pageSchema = {
  page: z.number().int().min(1).default(1),
  pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(10),
}

/** Dates as epoch milliseconds; the end bound is inclusive of its whole day on the caller's side. */
export const codeFilterSchema = z.strictObject({
  name: z.string().trim().max(CODE_NAME_MAX).optional(),
  createdFrom: z.number().int().nonnegative().optional(),
  createdTo: z.number().int().nonnegative().optional(),
  creator: z.string().trim().max(64).optional(),
  /** A code group's id, or 0 for 未分组 (common/code-groups.ts). */
  groupId: groupFilterSchema,
})

export type CodeFilter = z.output<typeof codeFilterSchema>

/** The code list's order: newest first by default, or by one of the figures to compare channels. */
export const codeSortSchema = z.strictObject({
  by: z.enum(['createdAt', 'current', 'lost', 'cumulative']),
  dir: z.enum(['asc', 'desc']),
})

export type CodeSort = z.output<typeof codeSortSchema>

/** A filtered page of the code list. */
export interface CodeListQuery extends CodeFilter {
  page: number
  pageSize: number
  sort?: CodeSort | undefined
}

const corpId = z
  .string({ error: '请输入企业ID' })
  .trim()
  .regex(/^[A-Za-z0-9_-]{4,64}$/, {
    error: '企业ID 格式不对：应为 ww 开头的字母数字串（我的企业 › 企业信息 最下方）',
  })

export const connectCorpSchema = z.strictObject({
  corpId,
  corpName: z.string().trim().max(64).default(''),
  secret: z
    .string({ error: '请输入 Secret' })
    .trim()
    .min(8, { error: 'Secret 太短，请从 应用管理 › 自建应用 › Secret 复制完整的值' })
    .max(128),
  relayUrl: httpUrl('中转服务地址').transform((v) => v.replace(/\/+$/, '')),
  relayKey: z.string().trim().min(16, { error: '中转服务密钥至少 16 位' }).max(256),
  timeZone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine(isTimeZone, { error: '不是有效的时区（如 Asia/Shanghai）' })
    .default('Asia/Shanghai'),
  /** Advanced: a 企业微信私有化 host, or a simulator; '' = the default. */
  apiBase: z
    .string()
    .trim()
    .max(2048, { error: '企业微信 API 地址过长' })
    .refine((v) => v === '' || HTTP_URL.test(v), {
      error: '企业微信 API 地址须以 http:// 或 https:// 开头（留空则使用默认地址）',
    })
    .transform((v) => v.replace(/\/+$/, ''))
    .default(''),
})

export type ConnectCorpInput = z.output<typeof connectCorpSchema>

/**
 * The customer list's filters beside its status: name contains (the name shown, case-insensitive),
 * who serves the customer now, and the first-add time as epoch ms, the end bound inclusive (the
 * caller turns whole days in the workspace's zone into these, as for the code list).
 */
export const customerFilterSchema = z.strictObject({
  name: z.string().trim().max(64).optional(),
  memberUserid: z.string().trim().max(64).optional(),
  addedFrom: z.number().int().nonnegative().optional(),
  addedTo: z.number().int().nonnegative().optional(),
})

export type CustomerFilter = z.output<typeof customerFilterSchema>

export const relationStatusFilter = z.enum(['all', 'current', 'lost']).default('all')
export const exportFormat = z.enum(['xlsx', 'csv']).default('xlsx')
export const codeId = z.number().int().positive()
