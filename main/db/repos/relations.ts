// Relations and their history: the counting rules of PRODUCT.md. A relation is one (code, customer,
// member) triple; its row is never deleted, so cumulative = rows, lost = rows with status 'lost', and
// current = cumulative − lost holds by construction. Every change is also written to relation_history.
//
// Applying events is idempotent and safe to replay out of order: an add older than the loss it would
// undo, or a loss older than the add it would end, is stale and changes nothing. That is also what
// makes reconcile correct: a customer who deleted the member still shows in the member's WeCom list
// with the original add time, which is older than the loss, so it is not revived.

import type {
  CodeCounts,
  CodeCustomer,
  DailyCount,
  LostReason,
  MemberCount,
  Page,
  RelationStatus,
} from '../../../common/domain'
import { pageWindow, type Sql } from '../sql'
import { lastZonedDays } from '../zoned-days'
import { deliveryOf, type DeliveryFacts } from './delivery'

export type RelationSource = 'event' | 'reconcile'
export type AddOutcome = 'added' | 'readded' | 'unchanged'
export type HistoryKind = 'added' | 'lost' | 'readded'

export interface Relation {
  id: number
  codeId: number
  externalUserid: string
  memberUserid: string
  status: RelationStatus
  addedAt: number
  lastAddedAt: number
  lostAt: number | null
  lostReason: LostReason | null
}

export interface RelationHistoryEntry {
  id: number
  relationId: number
  codeId: number
  kind: HistoryKind
  reason: LostReason | null
  at: number
  source: RelationSource
}

export interface RelationsRepo {
  recordAdd(
    codeId: number,
    externalUserid: string,
    memberUserid: string,
    at: number,
    source: RelationSource,
  ): AddOutcome
  /** Marks every current relation of the pair lost, across codes. Returns how many changed. */
  recordLost(
    externalUserid: string,
    memberUserid: string,
    reason: LostReason,
    at: number,
    source: RelationSource,
  ): number
  get(codeId: number, externalUserid: string, memberUserid: string): Relation | null
  history(relationId: number): RelationHistoryEntry[]
  counts(codeId: number): CodeCounts
  /**
   * The last `days` days in the zone ending today, oldest first, zeros included. `added` counts adds
   * and re-adds that day, `lost` losses, so the sum of (added − lost) is the change in current.
   */
  daily(codeId: number, timeZone: string, days: number, now?: number): DailyCount[]
  /** Every member on the code or with a relation through it, most customers first. */
  perMember(codeId: number): MemberCount[]
  /** Newest first by first add time; names fall back to the WeCom ids. */
  listCustomers(
    codeId: number,
    status: RelationStatus | 'all',
    page: number,
    pageSize: number,
  ): Page<CodeCustomer>
  /** The member's current relations across all codes, for reconcile against the WeCom list. */
  currentRelationsByMember(userid: string): Relation[]
}

interface RelationRow {
  id: number
  code_id: number
  external_userid: string
  member_userid: string
  status: RelationStatus
  added_at: number
  last_added_at: number
  lost_at: number | null
  lost_reason: LostReason | null
}

const toRelation = (r: RelationRow): Relation => ({
  id: r.id,
  codeId: r.code_id,
  externalUserid: r.external_userid,
  memberUserid: r.member_userid,
  status: r.status,
  addedAt: r.added_at,
  lastAddedAt: r.last_added_at,
  lostAt: r.lost_at,
  lostReason: r.lost_reason,
})

export function createRelationsRepo(sql: Sql): RelationsRepo {
  const writeHistory = (
    relationId: number,
    codeId: number,
    kind: HistoryKind,
    reason: LostReason | null,
    at: number,
    source: RelationSource,
  ) =>
    sql.run(
      'INSERT INTO relation_history (relation_id, code_id, kind, reason, at, source) VALUES (?, ?, ?, ?, ?, ?)',
      [relationId, codeId, kind, reason, at, source],
    )

  const find = (codeId: number, externalUserid: string, memberUserid: string) =>
    sql.one<RelationRow>(
      'SELECT * FROM relations WHERE code_id = ? AND external_userid = ? AND member_userid = ?',
      [codeId, externalUserid, memberUserid],
    )

  return {
    recordAdd(codeId, externalUserid, memberUserid, at, source) {
      return sql.tx((): AddOutcome => {
        const existing = find(codeId, externalUserid, memberUserid)
        if (!existing) {
          const result = sql.run(
            `INSERT INTO relations (code_id, external_userid, member_userid, status, added_at, last_added_at)
             VALUES (?, ?, ?, 'current', ?, ?)`,
            [codeId, externalUserid, memberUserid, at, at],
          )
          writeHistory(Number(result.lastInsertRowid), codeId, 'added', null, at, source)
          return 'added'
        }
        if (existing.status === 'current') return 'unchanged'
        // Events come in order, so an add in the same second as the loss is a real re-add; a reconcile
        // only sees the member's list, where a customer who deleted the member keeps the old time.
        if (
          existing.lost_at !== null &&
          (source === 'event' ? at < existing.lost_at : at <= existing.lost_at)
        ) {
          return 'unchanged'
        }
        sql.run(
          `UPDATE relations SET status = 'current', last_added_at = ?, lost_at = NULL, lost_reason = NULL
           WHERE id = ?`,
          [at, existing.id],
        )
        writeHistory(existing.id, codeId, 'readded', null, at, source)
        return 'readded'
      })
    },

    recordLost(externalUserid, memberUserid, reason, at, source) {
      return sql.tx(() => {
        const rows = sql.all<RelationRow>(
          `SELECT * FROM relations
           WHERE member_userid = ? AND status = 'current' AND external_userid = ? AND last_added_at <= ?`,
          [memberUserid, externalUserid, at],
        )
        for (const r of rows) {
          sql.run("UPDATE relations SET status = 'lost', lost_at = ?, lost_reason = ? WHERE id = ?", [
            at,
            reason,
            r.id,
          ])
          writeHistory(r.id, r.code_id, 'lost', reason, at, source)
        }
        return rows.length
      })
    },

    get(codeId, externalUserid, memberUserid) {
      const row = find(codeId, externalUserid, memberUserid)
      return row ? toRelation(row) : null
    },

    history: (relationId) =>
      sql
        .all<{
          id: number
          relation_id: number
          code_id: number
          kind: HistoryKind
          reason: LostReason | null
          at: number
          source: RelationSource
        }>('SELECT * FROM relation_history WHERE relation_id = ? ORDER BY at, id', [relationId])
        .map((h) => ({
          id: h.id,
          relationId: h.relation_id,
          codeId: h.code_id,
          kind: h.kind,
          reason: h.reason,
          at: h.at,
          source: h.source,
        })),

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
      return sql.all<DailyCount>(
        `WITH days(date, lo, hi) AS (
           SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@days)
         )
         SELECT d.date AS date,
           count(h.id) FILTER (WHERE h.kind <> 'lost') AS added,
           count(h.id) FILTER (WHERE h.kind = 'lost') AS lost
         FROM days d
         LEFT JOIN relation_history h ON h.code_id = @codeId AND h.at >= d.lo AND h.at < d.hi
         GROUP BY d.date ORDER BY d.date`,
        { codeId, days: JSON.stringify(ranges.map((r) => [r.date, r.from, r.to])) },
      )
    },

    perMember: (codeId) =>
      sql.all<MemberCount>(
        `WITH agg AS (
           SELECT member_userid AS userid, count(*) AS cumulative, count(*) FILTER (WHERE status = 'lost') AS lost
           FROM relations WHERE code_id = @codeId GROUP BY member_userid
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

    listCustomers(codeId, status, page, pageSize) {
      const byStatus = status === 'all' ? '' : 'AND r.status = @status'
      const params = { codeId, status }
      const { limit, offset } = pageWindow(page, pageSize)
      const total =
        sql.one<{ n: number }>(
          `SELECT count(*) AS n FROM relations r WHERE r.code_id = @codeId ${byStatus}`,
          params,
        )?.n ?? 0
      const rows = sql.all<
        Omit<CodeCustomer, 'welcome' | 'tags' | 'deliveryNote'> & {
          welcomeMode: DeliveryFacts['welcomeMode']
          codeTagCount: number
          welcomeJob: string | null
          tagsJob: string | null
          repair: string | null
          addSource: DeliveryFacts['addSource']
        }
      >(
        `SELECT r.external_userid AS externalUserid,
           coalesce(nullif(cu.name, ''), r.external_userid) AS name,
           coalesce(cu.avatar, '') AS avatar,
           r.member_userid AS memberUserid,
           coalesce(nullif(m.name, ''), r.member_userid) AS memberName,
           r.added_at AS addedAt, r.status AS status, r.lost_at AS lostAt, r.lost_reason AS lostReason,
           cw.mode AS welcomeMode,
           (SELECT count(*) FROM code_tags ct WHERE ct.code_id = r.code_id) AS codeTagCount,
           (SELECT a.status || '|' || coalesce(a.errcode, '') || '|' || coalesce(a.last_error, '')
             FROM relay_actions a
             WHERE a.state = c.state AND a.userid = r.member_userid AND a.external_userid = r.external_userid
               AND a.kind = 'welcome' ORDER BY a.id DESC LIMIT 1) AS welcomeJob,
           (SELECT a.status || '|' || coalesce(a.errcode, '') FROM relay_actions a
             WHERE a.state = c.state AND a.userid = r.member_userid AND a.external_userid = r.external_userid
               AND a.kind = 'tags' ORDER BY a.id DESC LIMIT 1) AS tagsJob,
           (SELECT t.status || '|' || coalesce(t.errcode, '') FROM tag_repairs t
             WHERE t.code_id = r.code_id AND t.external_userid = r.external_userid
               AND t.member_userid = r.member_userid) AS repair,
           (SELECT h.source FROM relation_history h WHERE h.relation_id = r.id AND h.kind <> 'lost'
             ORDER BY h.at DESC, h.id DESC LIMIT 1) AS addSource
         FROM relations r
         JOIN codes c ON c.id = r.code_id
         LEFT JOIN code_welcome cw ON cw.code_id = r.code_id
         LEFT JOIN customers cu ON cu.external_userid = r.external_userid
         LEFT JOIN members m ON m.userid = r.member_userid
         WHERE r.code_id = @codeId ${byStatus}
         ORDER BY r.added_at DESC, r.id DESC LIMIT @limit OFFSET @offset`,
        { ...params, limit, offset },
      )
      const items: CodeCustomer[] = rows.map(
        ({ welcomeMode, codeTagCount, welcomeJob, tagsJob, repair, addSource, ...customer }) => ({
          ...customer,
          ...deliveryOf({ welcomeMode, codeTagCount, welcomeJob, tagsJob, repair, addSource }),
        }),
      )
      return { items, total }
    },

    currentRelationsByMember: (userid) =>
      sql
        .all<RelationRow>(
          "SELECT * FROM relations WHERE member_userid = ? AND status = 'current' ORDER BY external_userid",
          [userid],
        )
        .map(toRelation),
  }
}
