// The code form's 分配规则 while it is edited: on or off, a weight per member, backups and the code's
// own per-member cap. Kept apart from the code form's values: the rules are saved right after the
// code (saveCodeRouting), so the code form and its other sections stay as they are.

import type { CodeRouting } from '../../common/routing'

export interface RoutingDraft {
  enabled: boolean
  weights: Record<string, number>
  backups: string[]
  /** '' = no cap of the code's own. */
  codeDailyCap: string
}

export const emptyRoutingDraft = (): RoutingDraft => ({
  enabled: false,
  weights: {},
  backups: [],
  codeDailyCap: '',
})

export function draftFromRouting(routing: CodeRouting | null): RoutingDraft {
  if (!routing) return emptyRoutingDraft()
  return {
    enabled: true,
    weights: Object.fromEntries(routing.members.map((m) => [m.userid, m.weight])),
    backups: [...routing.backups],
    codeDailyCap: routing.codeDailyCap === null ? '' : String(routing.codeDailyCap),
  }
}

/** A problem to show under the section, or null. */
export function routingDraftProblem(draft: RoutingDraft): string | null {
  if (!draft.enabled || draft.codeDailyCap.trim() === '') return null
  const n = Number(draft.codeDailyCap)
  return Number.isInteger(n) && n >= 1 && n <= 100_000
    ? null
    : '每人每日上限须为 1–100000 的整数，或留空表示不限'
}

/** The rules to save for these members (main members are the code's 使用人员), or null when off. */
export function routingFromDraft(draft: RoutingDraft, memberUserids: string[]): CodeRouting | null {
  if (!draft.enabled || memberUserids.length === 0) return null
  const mains = new Set(memberUserids)
  const cap = draft.codeDailyCap.trim()
  return {
    members: memberUserids.map((userid) => ({ userid, weight: draft.weights[userid] ?? 1 })),
    backups: draft.backups.filter((b) => !mains.has(b)),
    codeDailyCap: cap === '' ? null : Number(cap),
  }
}
