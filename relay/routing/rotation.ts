// Weights realised over the day. WeCom spreads a code's adds evenly over its `user` list, so the relay
// steers the split by which eligible members are on that list: each member's lead over their share
// of the code's adds today (adds − total × weight ÷ Σweights) is tracked; a member leaves the list
// once LEAD_OFF adds ahead and comes back when no longer ahead. The leads sum to zero, so someone is
// always on the list, and the hysteresis keeps re-points to one per few adds, never one per add.

export const LEAD_OFF = 2

export interface Weighted {
  userid: string
  weight: number
}

/**
 * The members of `eligible` (in their order) to put on the list, given each one's adds through this
 * code today and who is on the list now. With one member, or equal weights, that is all of them.
 */
export function rotate(
  eligible: readonly Weighted[],
  codeAdds: ReadonlyMap<string, number>,
  current: ReadonlySet<string>,
): string[] {
  if (eligible.length <= 1 || eligible.every((m) => m.weight === eligible[0]!.weight))
    return eligible.map((m) => m.userid)
  const total = eligible.reduce((n, m) => n + (codeAdds.get(m.userid) ?? 0), 0)
  const weights = eligible.reduce((n, m) => n + m.weight, 0)
  const lead = (m: Weighted) => (codeAdds.get(m.userid) ?? 0) - (total * m.weight) / weights
  const on = eligible.filter((m) => (current.has(m.userid) ? lead(m) < LEAD_OFF : lead(m) <= 0))
  // Cannot be empty in exact arithmetic (the leads sum to zero); guard against rounding anyway.
  if (on.length > 0) return on.map((m) => m.userid)
  const behind = eligible.reduce((a, b) => (lead(b) < lead(a) ? b : a))
  return [behind.userid]
}
