// Code groups (folders for the code list): the name rules, the calls' inputs and what the group
// panel shows. A code sits in at most one group; the rest are 未分组.

import { z } from 'zod'
import type { CodeCounts } from './domain'

export const GROUP_NAME_MAX = 20
/** Names the panel uses for its own rows; a group called so would be indistinguishable from them. */
export const RESERVED_GROUP_NAMES = ['未分组', '全部活码', '全部'] as const
export const UNGROUPED_LABEL = '未分组'

export const groupNameSchema = z
  .string({ error: '请输入分组名称' })
  .trim()
  .min(1, { error: '请输入分组名称' })
  .max(GROUP_NAME_MAX, { error: `分组名称不能超过 ${GROUP_NAME_MAX} 个字` })
  .refine((v) => !(RESERVED_GROUP_NAMES as readonly string[]).includes(v), {
    error: '“未分组”和“全部活码”是列表自带的名称，请换一个分组名称',
  })

export const groupId = z.number().int().positive()

/**
 * The list's group filter: a group's id, or 0 for 未分组 (codes in no group). Absent: every code.
 */
export const groupFilterSchema = z.number().int().nonnegative().optional()

export interface CodeGroup {
  id: number
  name: string
  createdAt: number
}

/** A row of the group panel: how many live codes it holds and their figures summed. */
export interface CodeGroupTotals {
  codeCount: number
  counts: CodeCounts
}

export interface CodeGroupList {
  groups: (CodeGroup & CodeGroupTotals)[]
  ungrouped: CodeGroupTotals
  all: CodeGroupTotals
}
