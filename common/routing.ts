// Smart routing's shapes, shared by the desktop (form, 设置 › 成员, 路由记录) and the relay (which
// applies them with every desktop closed). All of it is optional in what a desktop pushes: a policy
// without `routing` is a code WeCom spreads over its members by itself, as before.

import { z } from 'zod'
import { scheduleProblem, TIME_PATTERN } from './schedule'

export const ROUTING_WEIGHT_MIN = 1
export const ROUTING_WEIGHT_MAX = 10
export const ROUTING_CAP_MAX = 100_000

const userid = z.string().min(1).max(64)
const cap = z.number().int().min(1).max(ROUTING_CAP_MAX)

/** A code's 分配规则: main members with weights, backups used only while no main member can take adds. */
export const codeRoutingSchema = z
  .strictObject({
    members: z
      .array(
        z.strictObject({
          userid,
          weight: z.number().int().min(ROUTING_WEIGHT_MIN).max(ROUTING_WEIGHT_MAX).default(1),
        }),
      )
      .min(1)
      .max(100),
    backups: z.array(userid).max(100).default([]),
    /** Adds through this code per day (the workspace's day); null: no cap of its own. */
    codeDailyCap: cap.nullable().default(null),
  })
  .superRefine((r, ctx) => {
    const mains = new Set(r.members.map((m) => m.userid))
    if (mains.size !== r.members.length)
      ctx.addIssue({ code: 'custom', message: '成员重复', path: ['members'] })
    if (r.backups.some((b) => mains.has(b)))
      ctx.addIssue({ code: 'custom', message: '备用成员不能同时是主成员', path: ['backups'] })
  })
export type CodeRouting = z.output<typeof codeRoutingSchema>

const timeWindow = z.strictObject({
  start: z.string().regex(TIME_PATTERN, { error: '时间格式应为 HH:MM' }),
  end: z.string().regex(TIME_PATTERN, { error: '时间格式应为 HH:MM' }),
})

/** A dated exception (a holiday, leave): that day off, or that day's own windows instead of the week's. */
export const scheduleExceptionSchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' }),
  /** [] = the whole day off. */
  windows: z.array(timeWindow).max(24),
  note: z.string().max(40).default(''),
})
export type ScheduleException = z.output<typeof scheduleExceptionSchema>

/** One member's routing profile, set once in 设置 › 成员 and used by every code. */
export const memberRoutingSchema = z
  .strictObject({
    userid,
    /** Adds per day through all codes of the workspace; null: no cap. */
    dailyCap: cap.nullable().default(null),
    /** Weekly windows (weekday 1 = Monday); [] = always on. A night shift is two windows (22:00–24:00, 00:00–06:00). */
    windows: z
      .array(
        z.strictObject({
          weekday: z.number().int().min(1).max(7),
          start: timeWindow.shape.start,
          end: timeWindow.shape.end,
        }),
      )
      .max(7 * 24)
      .default([]),
    exceptions: z.array(scheduleExceptionSchema).max(366).default([]),
  })
  .superRefine((m, ctx) => {
    const problem = scheduleProblem(m.windows)
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['windows'] })
    for (const [i, e] of m.exceptions.entries()) {
      const p = scheduleProblem(e.windows.map((w) => ({ weekday: 1, ...w })))
      if (p) ctx.addIssue({ code: 'custom', message: `${e.date}：${p}`, path: ['exceptions', i] })
    }
  })
export type MemberRouting = z.output<typeof memberRoutingSchema>
export type MemberRoutingInput = z.input<typeof memberRoutingSchema>

export const memberRoutingListSchema = z.strictObject({
  members: z.array(memberRoutingSchema).max(5000),
})

/** Why a code's WeCom member list changed (or why it could not follow the rules). */
export const routingReasons = [
  'cap',
  'code_cap',
  'schedule',
  'departure',
  'rotation',
  'backup',
  'policy',
  'fallback',
] as const
export type RoutingReason = (typeof routingReasons)[number]

export const ROUTING_REASON_LABELS: Record<RoutingReason, string> = {
  cap: '成员今日已满',
  code_cap: '活码今日已满',
  schedule: '排班时间',
  departure: '成员离职或无客户联系权限',
  rotation: '按权重轮换',
  backup: '备用成员接替/交回',
  policy: '活码设置修改',
  fallback: '无可用成员（路由告警）',
}

export const routingLogEntrySchema = z.object({
  id: z.number().int(),
  state: z.string(),
  at: z.number(),
  reason: z.enum(routingReasons),
  before: z.array(z.string()),
  after: z.array(z.string()),
  detail: z.string(),
})
export type RoutingLogEntry = z.output<typeof routingLogEntrySchema>

export const routingCodeViewSchema = z.object({
  state: z.string(),
  /** The user list as last written to WeCom by the relay (or by the desktop with its push). */
  users: z.array(z.string()),
  /** Set while the rules leave nobody eligible and the code keeps its last members. */
  alert: z.string().nullable(),
  addsToday: z.number().int(),
  codeDailyCap: z.number().int().nullable(),
  /** Per main/backup member: adds through this code today and the share the weights ask for. */
  members: z.array(
    z.object({
      userid: z.string(),
      weight: z.number().int(),
      backup: z.boolean(),
      adds: z.number().int(),
      /** 0–1 of this code's adds today. */
      realisedShare: z.number(),
      targetShare: z.number(),
    }),
  ),
})
export type RoutingCodeView = z.output<typeof routingCodeViewSchema>

export const routingReportSchema = z.object({
  /** The workspace's day the counts are of ('YYYY-MM-DD'). */
  day: z.string(),
  members: z.array(
    z.object({
      userid: z.string(),
      addsToday: z.number().int(),
      dailyCap: z.number().int().nullable(),
      departed: z.boolean(),
    }),
  ),
  codes: z.array(routingCodeViewSchema),
  log: z.array(routingLogEntrySchema),
  nextCursor: z.number().int(),
})
export type RoutingReport = z.output<typeof routingReportSchema>
