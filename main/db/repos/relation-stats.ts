// A code's figures from its relations: cumulative / lost / current, the daily adds and losses in the
// workspace's zone, and the same split per member (by who serves the customer now, so a handover
// moves a customer between members without changing the code's totals).

import type { CodeCounts, DailyCount, MemberCount } from '../../../common/domain'
import type { Sql } from '../sql'
import { lastZonedDays } from '../zoned-days'
import { TREND_BUCKET_MS } from '../migrations/0008-trend-counts'

export interface RelationStats {
  counts(codeId: number): CodeCounts
  /**
   * The last `days` days in the zone ending today, oldest first, zeros included. `added` counts adds
   * and re-adds that day, `lost` losses, so the sum of (added − lost) is the change in current.
   */
  daily(codeId: number, timeZone: string, days: number, now?: number): DailyCount[]
  /** Every member on the code or serving a customer through it, most customers first. */
  perMember(codeId: number): MemberCount[]
}

export function relationStats(sql: Sql): RelationStats {
  return {
    counts(codeId) {
      const row = sql.one<{ cumulative: number; lost: number }>(
        `SELECT count(*) AS cumulative, count(*) FILTER (WHERE status = 'lost') AS lost
         FROM relations WHERE code_id = ?`,
        [codeId],
      )
      const cumulative = row?.cumulative ?? 0
      const lost = row?.lost ?? 0
      return { cumulative, lost, current: cumulative - lost }
    },

    daily(codeId, timeZone, days, now = Date.now()) {
      const ranges = lastZonedDays(timeZone, Math.min(3660, Math.max(0, Math.floor(days))), now)
      if (ranges.length === 0) return []
      // Summed from the 15-minute counts kept by db step 8's triggers: at most 96 rows a day,
      // however much history the code has.
      return sql.all<DailyCount>(
        `WITH days(date, lo, hi) AS (
           SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@days)
         )
         SELECT d.date AS date, coalesce(sum(c.added), 0) AS added, coalesce(sum(c.lost), 0) AS lost
         FROM days d
         LEFT JOIN code_trend_counts c ON c.code_id = @codeId AND c.bucket >= d.lo / @bucket AND c.bucket < d.hi / @bucket
         GROUP BY d.date ORDER BY d.date`,
        {
          codeId,
          bucket: TREND_BUCKET_MS,
          days: JSON.stringify(ranges.map((r) => [r.date, r.from, r.to])),
        },
      )
    },

    perMember: (codeId) =>
      sql.all<MemberCount>(
        `WITH agg AS (
           SELECT owner_userid AS userid, count(*) AS cumulative, count(*) FILTER (WHERE status = 'lost') AS lost
           FROM relations WHERE code_id = @codeId GROUP BY owner_userid
         ), users AS (
           SELECT userid FROM code_members WHERE code_id = @codeId UNION SELECT userid FROM agg
         )
         SELECT u.userid AS userid, coalesce(nullif(m.name, ''), u.userid) AS name,
           coalesce(a.cumulative, 0) AS cumulative, coalesce(a.lost, 0) AS lost,
           coalesce(a.cumulative, 0) - coalesce(a.lost, 0) AS current
         FROM users u LEFT JOIN agg a ON a.userid = u.userid LEFT JOIN members m ON m.userid = u.userid
         ORDER BY cumulative DESC, u.userid`,
        { codeId },
      ),
  }
}
