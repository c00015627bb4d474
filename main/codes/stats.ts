// A code's statistics and customer list for the drawer, straight from SQLite (works offline). The
// counting rules live in the relations repository; this only shapes its answers for the bridge.

import { AppError } from '../../common/bridge-result'
import type { CodeCustomer, CodeStats, Page, RelationStatus } from '../../common/domain'
import type { CustomerFilter } from '../../common/schemas'
import type { AppDatabase } from '../db'

/** Days shown in the drawer's chart. */
export const STATS_DAYS = 30

export type StatsDb = Pick<AppDatabase, 'codes' | 'relations' | 'relayRecords'>

function requireCode(db: StatsDb, id: number) {
  // Deleted codes keep their history; the drawer can still open from an old export or link.
  const code = db.codes.get(id, { includeDeleted: true })
  if (!code) throw new AppError('NOT_FOUND', '找不到这个活码，它可能已被删除。请刷新列表。')
  return code
}

export function codeStats(db: StatsDb, id: number, timeZone: string, now: number = Date.now()): CodeStats {
  const code = requireCode(db, id)
  return {
    ...db.relations.counts(id),
    daily: db.relations.daily(id, timeZone, STATS_DAYS, now),
    perMember: db.relations.perMember(id),
    relayGaps: db.relayRecords.gapsSince(code.createdAt),
  }
}

export function codeCustomers(
  db: StatsDb,
  input: CustomerFilter & { id: number; status: RelationStatus | 'all'; page: number; pageSize: number },
): Page<CodeCustomer> {
  const { id, status, page, pageSize, ...filter } = input
  requireCode(db, id)
  return db.relations.listCustomers(id, status, page, pageSize, filter)
}
