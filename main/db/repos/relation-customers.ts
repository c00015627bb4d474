// 客户列表 of one code: each relation with the customer's name, who serves them now (marked 已离职 when
// that member left the corp), whether the member has yet to confirm a half-add, any handover under
// way or failed, the earlier owners, and whether the welcome and tags went out (and which tags).
// Filtered by status, name, who serves the customer now and the first-add time.

import type { CodeCustomer, Handover, Page, RelationStatus, TagsOutcome } from '../../../common/domain'
import type { CustomerFilter } from '../../../common/schemas'
import { likeContains, pageWindow, type Sql } from '../sql'
import { deliveryOf, type DeliveryFacts } from './delivery'

export interface RelationCustomers {
  /** Newest first by first add time; names fall back to the WeCom ids (and are searched as shown). */
  listCustomers(
    codeId: number,
    status: RelationStatus | 'all',
    page: number,
    pageSize: number,
    filter?: CustomerFilter,
  ): Page<CodeCustomer>
}

/** The name as the list shows it: the customer's WeCom name, else their id. */
const SHOWN_NAME = "coalesce(nullif(cu.name, ''), r.external_userid)"

interface FilterSql {
  where: string
  /** The name filter reads the customers table, so the count joins it only then. */
  joinsCustomers: boolean
  params: Record<string, unknown>
}

function filterSql(codeId: number, status: RelationStatus | 'all', filter: CustomerFilter): FilterSql {
  const conditions = ['r.code_id = @codeId']
  const params: Record<string, unknown> = { codeId }
  const member = filter.memberUserid?.trim()
  if (status !== 'all') {
    // With a member, relations_code_owner_added holds status too; the unary + keeps the planner off
    // the status index, which would read every current relation of the code to find one member's.
    conditions.push(member ? '+r.status = @status' : 'r.status = @status')
    params.status = status
  }
  if (member) {
    conditions.push('r.owner_userid = @memberUserid')
    params.memberUserid = member
  }
  if (filter.addedFrom !== undefined) {
    conditions.push('r.added_at >= @addedFrom')
    params.addedFrom = filter.addedFrom
  }
  if (filter.addedTo !== undefined) {
    conditions.push('r.added_at <= @addedTo')
    params.addedTo = filter.addedTo
  }
  const name = filter.name?.trim()
  if (name) {
    conditions.push(`${SHOWN_NAME} LIKE @name ESCAPE '\\'`)
    params.name = likeContains(name)
  }
  return { where: conditions.join(' AND '), joinsCustomers: Boolean(name), params }
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

/** Which tags went out: the repair's own record when the app applied them, else the code's. */
function appliedTags(outcome: TagsOutcome, codeTagIds: string[], repairTagIds: string | null): string[] {
  if (outcome === 'repaired' && repairTagIds) return JSON.parse(repairTagIds) as string[]
  return outcome === 'applied' || outcome === 'repaired' ? codeTagIds : []
}

type Row = Omit<
  CodeCustomer,
  | 'welcome'
  | 'tags'
  | 'appliedTagIds'
  | 'welcomeNote'
  | 'tagsNote'
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
  repairTagIds: string | null
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
    listCustomers(codeId, status, page, pageSize, filter = {}) {
      const { where, joinsCustomers, params } = filterSql(codeId, status, filter)
      const { limit, offset } = pageWindow(page, pageSize)
      const customersJoin = 'LEFT JOIN customers cu ON cu.external_userid = r.external_userid'
      const total =
        sql.one<{ n: number }>(
          `SELECT count(*) AS n FROM relations r ${joinsCustomers ? customersJoin : ''} WHERE ${where}`,
          params,
        )?.n ?? 0
      if (total === 0) return { items: [], total }
      // The relay's jobs are keyed on who added (member_userid); the list shows who serves now.
      const rows = sql.all<Row>(
        `SELECT r.id AS relationId, r.external_userid AS externalUserid,
           ${SHOWN_NAME} AS name,
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
           (SELECT t.tag_ids FROM tag_repairs t
             WHERE t.code_id = r.code_id AND t.external_userid = r.external_userid
               AND t.member_userid = r.member_userid) AS repairTagIds,
           (SELECT h.source FROM relation_history h WHERE h.relation_id = r.id AND h.kind <> 'lost'
             ORDER BY h.at DESC, h.id DESC LIMIT 1) AS addSource
         FROM relations r
         JOIN codes c ON c.id = r.code_id
         LEFT JOIN code_welcome cw ON cw.code_id = r.code_id
         ${customersJoin}
         LEFT JOIN members m ON m.userid = r.owner_userid
         WHERE ${where}
         ORDER BY r.added_at DESC, r.id DESC LIMIT @limit OFFSET @offset`,
        { ...params, limit, offset },
      )
      const handovers = handoversOf(rows.map((r) => r.relationId))
      const codeTagIds = sql
        .all<{ tagId: string }>('SELECT tag_id AS tagId FROM code_tags WHERE code_id = ? ORDER BY position', [
          codeId,
        ])
        .map((t) => t.tagId)
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
          repairTagIds,
          addSource,
          ...customer
        }) => {
          const delivery = deliveryOf({ welcomeMode, codeTagCount, welcomeJob, tagsJob, repair, addSource })
          return {
            ...customer,
            memberLeft: memberLeft === 1,
            pendingConfirm: pendingConfirm === 1,
            ...handoverOf(handoverState),
            handovers: handovers.get(relationId) ?? [],
            ...delivery,
            appliedTagIds: appliedTags(delivery.tags, codeTagIds, repairTagIds),
          }
        },
      )
      return { items, total }
    },
  }
}
