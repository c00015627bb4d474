// Relations and their history: the counting rules of PRODUCT.md. A relation is one (code, customer,
// member who added) triple; its row is never deleted, so cumulative = rows, lost = rows with status
// 'lost', and current = cumulative − lost holds by construction. Every add and loss is also written to
// relation_history; a handover (在职/离职继承) moves only the owner and is written to relation_handovers,
// so it never moves a count.
//
// Applying events is idempotent and safe to replay out of order: an add older than the loss it would
// undo, or a loss older than the add it would end, is stale and changes nothing. That is also what
// makes reconcile correct: a customer who deleted the member still shows in the member's WeCom list
// with the original add time, which is older than the loss, so it is not revived. The one exception
// is a loss reconcile itself judged from absence (the member deleted the customer): if the pair is
// listed again with the old time, that judgement was wrong (a half-add not yet listed, a list read
// mid-change) and is undone.

import type { LostReason, RelationStatus } from '../../../common/domain'
import type { Sql } from '../sql'
import { customersQuery, type RelationCustomers } from './relation-customers'
import { relationStats, type RelationStats } from './relation-stats'

export type RelationSource = 'event' | 'reconcile'
/** 'confirmed': a half-add the member has now confirmed; 'revived': a wrong reconcile loss undone. */
export type AddOutcome = 'added' | 'readded' | 'revived' | 'confirmed' | 'unchanged'
export type HistoryKind = 'added' | 'lost' | 'readded'

export interface Relation {
  id: number
  codeId: number
  externalUserid: string
  /** Who added the customer (the relay's jobs are keyed on it). */
  memberUserid: string
  /** Who serves the customer now. */
  ownerUserid: string
  status: RelationStatus
  addedAt: number
  lastAddedAt: number
  lostAt: number | null
  lostReason: LostReason | null
  pendingConfirm: boolean
  handover: string | null
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

export interface RelationsRepo extends RelationStats, RelationCustomers {
  /** half: the add_half_external_contact of a pair the member has not confirmed yet. */
  recordAdd(
    codeId: number,
    externalUserid: string,
    memberUserid: string,
    at: number,
    source: RelationSource,
    options?: { half?: boolean },
  ): AddOutcome
  /** Marks every current relation the member serves for this customer lost, across codes. */
  recordLost(
    externalUserid: string,
    ownerUserid: string,
    reason: LostReason,
    at: number,
    source: RelationSource,
  ): number
  /** DELETE_BY_TRANSFER reached the handover member: kept current, the takeover not known yet. */
  markHandoverPending(externalUserid: string, fromUserid: string): number
  /** transfer_fail: the customer stays with whoever served them; the reason is kept to show. */
  markHandoverFailed(externalUserid: string, takeoverUserid: string, reason: string): number
  /** The takeover member now serves the customer: the owner moves, nothing is counted. */
  transferTo(relationId: number, toUserid: string, at: number, source: RelationSource): void
  get(codeId: number, externalUserid: string, memberUserid: string): Relation | null
  history(relationId: number): RelationHistoryEntry[]
  /** Current relations a member serves, for reconcile against their WeCom list. */
  currentRelationsByOwner(userid: string): Relation[]
  /** Current relations of one customer, whoever serves them. */
  currentRelationsOfCustomer(externalUserid: string): Relation[]
}

interface RelationRow {
  id: number
  code_id: number
  external_userid: string
  member_userid: string
  owner_userid: string
  status: RelationStatus
  added_at: number
  last_added_at: number
  lost_at: number | null
  lost_reason: LostReason | null
  lost_source: RelationSource | null
  pending_confirm: number
  handover: string | null
}

const toRelation = (r: RelationRow): Relation => ({
  id: r.id,
  codeId: r.code_id,
  externalUserid: r.external_userid,
  memberUserid: r.member_userid,
  ownerUserid: r.owner_userid,
  status: r.status,
  addedAt: r.added_at,
  lastAddedAt: r.last_added_at,
  lostAt: r.lost_at,
  lostReason: r.lost_reason,
  pendingConfirm: r.pending_confirm === 1,
  handover: r.handover,
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

  /**
   * The member's relation with this customer on this code: one handed to them that they serve now,
   * else the one they added. Two unique-ish index lookups (an OR of both costs twice the whole apply).
   */
  const find = (codeId: number, externalUserid: string, memberUserid: string) =>
    sql.one<RelationRow>(
      `SELECT * FROM relations WHERE owner_userid = ? AND status = 'current' AND external_userid = ?
         AND code_id = ? LIMIT 1`,
      [memberUserid, externalUserid, codeId],
    ) ??
    sql.one<RelationRow>(
      'SELECT * FROM relations WHERE code_id = ? AND external_userid = ? AND member_userid = ?',
      [codeId, externalUserid, memberUserid],
    )

  const wronglyLost = (r: RelationRow, at: number, source: RelationSource) =>
    source === 'reconcile' &&
    r.lost_source === 'reconcile' &&
    r.lost_reason === 'member_deleted_customer' &&
    r.lost_at !== null &&
    at <= r.lost_at

  return {
    recordAdd(codeId, externalUserid, memberUserid, at, source, options = {}) {
      const half = options.half === true
      return sql.tx((): AddOutcome => {
        const existing = find(codeId, externalUserid, memberUserid)
        if (!existing) {
          const result = sql.run(
            `INSERT INTO relations (code_id, external_userid, member_userid, owner_userid, status, added_at,
               last_added_at, pending_confirm)
             VALUES (?, ?, ?, ?, 'current', ?, ?, ?)`,
            [codeId, externalUserid, memberUserid, memberUserid, at, at, half ? 1 : 0],
          )
          writeHistory(Number(result.lastInsertRowid), codeId, 'added', null, at, source)
          return 'added'
        }
        if (existing.status === 'current') {
          // The full add (or WeCom listing the pair) after a half-add: the relation is real now.
          if (!half && existing.pending_confirm === 1) {
            sql.run('UPDATE relations SET pending_confirm = 0 WHERE id = ?', [existing.id])
            return 'confirmed'
          }
          return 'unchanged'
        }
        if (!half && wronglyLost(existing, at, source)) {
          sql.run(
            `UPDATE relations SET status = 'current', lost_at = NULL, lost_reason = NULL, lost_source = NULL,
               pending_confirm = 0 WHERE id = ?`,
            [existing.id],
          )
          // The loss never happened: its history entry goes, so the daily figures are right too.
          sql.run(
            `DELETE FROM relation_history WHERE id = (SELECT id FROM relation_history
               WHERE relation_id = ? AND kind = 'lost' ORDER BY at DESC, id DESC LIMIT 1)`,
            [existing.id],
          )
          return 'revived'
        }
        // Events come in order, so an add in the same second as the loss is a real re-add; a reconcile
        // only sees the member's list, where a customer who deleted the member keeps the old time.
        if (
          existing.lost_at !== null &&
          (source === 'event' ? at < existing.lost_at : at <= existing.lost_at)
        ) {
          return 'unchanged'
        }
        sql.run(
          `UPDATE relations SET status = 'current', last_added_at = ?, lost_at = NULL, lost_reason = NULL,
             lost_source = NULL, owner_userid = ?, pending_confirm = ?, handover = NULL
           WHERE id = ?`,
          [at, memberUserid, half ? 1 : 0, existing.id],
        )
        writeHistory(existing.id, codeId, 'readded', null, at, source)
        return 'readded'
      })
    },

    recordLost(externalUserid, ownerUserid, reason, at, source) {
      return sql.tx(() => {
        const rows = sql.all<RelationRow>(
          `SELECT * FROM relations
           WHERE owner_userid = ? AND status = 'current' AND external_userid = ? AND last_added_at <= ?`,
          [ownerUserid, externalUserid, at],
        )
        for (const r of rows) {
          sql.run(
            `UPDATE relations SET status = 'lost', lost_at = ?, lost_reason = ?, lost_source = ?,
               pending_confirm = 0, handover = NULL WHERE id = ?`,
            [at, reason, source, r.id],
          )
          writeHistory(r.id, r.code_id, 'lost', reason, at, source)
        }
        return rows.length
      })
    },

    markHandoverPending: (externalUserid, fromUserid) =>
      sql.run(
        `UPDATE relations SET handover = 'pending'
         WHERE owner_userid = ? AND external_userid = ? AND status = 'current'`,
        [fromUserid, externalUserid],
      ).changes,

    markHandoverFailed: (externalUserid, takeoverUserid, reason) =>
      sql.run(
        `UPDATE relations SET handover = ?
         WHERE external_userid = ? AND owner_userid <> ? AND status = 'current'`,
        [`failed:${reason}`, externalUserid, takeoverUserid],
      ).changes,

    transferTo(relationId, toUserid, at, source) {
      sql.tx(() => {
        const row = sql.one<RelationRow>('SELECT * FROM relations WHERE id = ?', [relationId])
        if (!row || row.owner_userid === toUserid) return
        sql.run('UPDATE relations SET owner_userid = ?, handover = NULL WHERE id = ?', [toUserid, relationId])
        sql.run(
          'INSERT INTO relation_handovers (relation_id, from_userid, to_userid, at, source) VALUES (?, ?, ?, ?, ?)',
          [relationId, row.owner_userid, toUserid, at, source],
        )
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

    currentRelationsByOwner: (userid) =>
      sql
        .all<RelationRow>(
          "SELECT * FROM relations WHERE owner_userid = ? AND status = 'current' ORDER BY external_userid",
          [userid],
        )
        .map(toRelation),

    currentRelationsOfCustomer: (externalUserid) =>
      sql
        .all<RelationRow>(
          "SELECT * FROM relations WHERE external_userid = ? AND status = 'current' ORDER BY id",
          [externalUserid],
        )
        .map(toRelation),

    ...relationStats(sql),
    ...customersQuery(sql),
  }
}
