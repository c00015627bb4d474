// 客户列表 of one code: each relation with the customer's name, who serves them now (marked 已离职 when
// that member left the corp), whether the member has yet to confirm a half-add, any handover under
// way or failed, the earlier owners, and whether the welcome and tags went out.

import type { CodeCustomer, Handover, Page, RelationStatus } from '../../../common/domain'
import { pageWindow, type Sql } from '../sql'
import { deliveryOf, type DeliveryFacts } from './delivery'

export interface RelationCustomers {
  /** Newest first by first add time; names fall back to the WeCom ids. */
  listCustomers(
    codeId: number,
    status: RelationStatus | 'all',
    page: number,
    pageSize: number,
  ): Page<CodeCustomer>
}

/** WeCom's transfer_fail FailReason values, as the manager reads them. */
const FAIL_REASONS: Record<string, string> = {
  customer_refused: '客户拒绝了转接',
  customer_limit_exceed: '接替成员的客户数已达上限',
}

function handoverOf(value: string | null): Pick<CodeCustomer, 'handover' | 'handoverNote'> {
  if (value === 'pending') return { handover: 'pending', handoverNote: '' }
  if (value?.startsWith('failed:')) {
    const reason = value.slice('failed:'.length)
    return {
      handover: 'failed',
      handoverNote: `转接失败：${FAIL_REASONS[reason] ?? reason}，客户仍由原成员跟进`,
    }
  }
  return { handover: null, handoverNote: '' }
}

type Row = Omit<
  CodeCustomer,
  | 'welcome'
  | 'tags'
  | 'deliveryNote'
  | 'memberLeft'
  | 'pendingConfirm'
  | 'handover'
  | 'handoverNote'
  | 'handovers'
> & {
  relationId: number
  memberLeft: number
  pendingConfirm: number
  handoverState: string | null
  welcomeMode: DeliveryFacts['welcomeMode']
  codeTagCount: number
  welcomeJob: string | null
  tagsJob: string | null
  repair: string | null
  addSource: DeliveryFacts['addSource']
}

export function customersQuery(sql: Sql): RelationCustomers {
  const handoversOf = (relationIds: number[]): Map<number, Handover[]> => {
    const rows = sql.all<Handover & { relationId: number; id: number }>(
      `SELECT h.id AS id, h.relation_id AS relationId, h.from_userid AS fromUserid,
         coalesce(nullif(f.name, ''), h.from_userid) AS fromName, h.to_userid AS toUserid,
         coalesce(nullif(t.name, ''), h.to_userid) AS toName, h.at AS at
       FROM relation_handovers h
       LEFT JOIN members f ON f.userid = h.from_userid
       LEFT JOIN members t ON t.userid = h.to_userid
       WHERE h.relation_id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(relationIds)],
    )
    const byRelation = new Map<number, Handover[]>()
    // A page holds a few handovers: sorted here rather than by a temporary index over the IN list.
    rows.sort((a, b) => a.at - b.at || a.id - b.id)
    for (const { relationId, id: _id, ...h } of rows) {
      const list = byRelation.get(relationId) ?? []
      list.push(h)
      byRelation.set(relationId, list)
    }
    return byRelation
  }

  return {
    listCustomers(codeId, status, page, pageSize) {
      const byStatus = status === 'all' ? '' : 'AND r.status = @status'
      const params = { codeId, status }
      const { limit, offset } = pageWindow(page, pageSize)
      const total =
        sql.one<{ n: number }>(
          `SELECT count(*) AS n FROM relations r WHERE r.code_id = @codeId ${byStatus}`,
          params,
        )?.n ?? 0
      // The relay's jobs are keyed on who added (member_userid); the list shows who serves now.
      const rows = sql.all<Row>(
        `SELECT r.id AS relationId, r.external_userid AS externalUserid,
           coalesce(nullif(cu.name, ''), r.external_userid) AS name,
           coalesce(cu.avatar, '') AS avatar,
           r.owner_userid AS memberUserid,
           coalesce(nullif(m.name, ''), r.owner_userid) AS memberName,
           (m.removed_at IS NOT NULL OR coalesce(m.status, 1) = 5) AS memberLeft,
           r.pending_confirm AS pendingConfirm, r.handover AS handoverState,
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
         LEFT JOIN members m ON m.userid = r.owner_userid
         WHERE r.code_id = @codeId ${byStatus}
         ORDER BY r.added_at DESC, r.id DESC LIMIT @limit OFFSET @offset`,
        { ...params, limit, offset },
      )
      const handovers = handoversOf(rows.map((r) => r.relationId))
      const items: CodeCustomer[] = rows.map(
        ({
          relationId,
          memberLeft,
          pendingConfirm,
          handoverState,
          welcomeMode,
          codeTagCount,
          welcomeJob,
          tagsJob,
          repair,
          addSource,
          ...customer
        }) => ({
          ...customer,
          memberLeft: memberLeft === 1,
          pendingConfirm: pendingConfirm === 1,
          ...handoverOf(handoverState),
          handovers: handovers.get(relationId) ?? [],
          ...deliveryOf({ welcomeMode, codeTagCount, welcomeJob, tagsJob, repair, addSource }),
        }),
      )
      return { items, total }
    },
  }
}
