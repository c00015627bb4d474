// The conflict screen's merge rules, field by field (pure, so they are tested without a screen):
// each of 名称, 使用人员, 客户标签, 欢迎语, 自动通过 is taken whole from one side — never mixed inside a
// field (a half-mine, half-theirs welcome or schedule would be a version neither manager wrote).
// Fields that are the same on both sides need no choice; the default for the others is "mine".

import type { CodeInput } from '../../../common/schemas'

export const MERGE_FIELDS = [
  { key: 'name', label: '活码名称' },
  { key: 'memberUserids', label: '使用人员' },
  { key: 'tagIds', label: '客户标签' },
  { key: 'welcome', label: '欢迎语' },
  { key: 'autoAccept', label: '自动通过好友' },
] as const
export type MergeKey = (typeof MERGE_FIELDS)[number]['key']
export type Side = 'mine' | 'theirs'

export function sameField(mine: CodeInput, theirs: CodeInput, key: MergeKey): boolean {
  return JSON.stringify(mine[key]) === JSON.stringify(theirs[key])
}

/** The code built from the chosen side of each field. */
export function mergeFields(mine: CodeInput, theirs: CodeInput, choice: Record<MergeKey, Side>): CodeInput {
  const pick = <K extends MergeKey>(key: K): CodeInput[K] =>
    choice[key] === 'theirs' ? theirs[key] : mine[key]
  return {
    name: pick('name'),
    memberUserids: pick('memberUserids'),
    tagIds: pick('tagIds'),
    welcome: pick('welcome'),
    autoAccept: pick('autoAccept'),
  }
}
