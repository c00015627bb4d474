// The 'customers' phase: reconcile with WeCom's own lists, which catch whatever the relay missed
// (events before the relay existed, a relay outage). batch/get_by_user pages every follow member's
// customers; customers are upserted, relations whose follow_info.state names a code are recorded, and
// current relations whose customer vanished from a member's list are marked lost (the member deleted
// them) — judged only for members whose whole list was fetched in this run.

import type { Customer } from '../db'
import type { ExternalContact, FollowInfo } from '../../wecom/types'
import { codeIdCache, type CodeIdByState } from './apply-event'
import { chunk, forEachLimit } from './limit'
import type { SyncDeps } from './ports'
import { codeTagsCache, repairFor, type RepairCandidate } from './tag-repair'

const PAGE_LIMIT = 100
const MAX_USERIDS_PER_CALL = 100

export interface CustomersPhaseResult {
  members: number
  customers: number
  added: number
  lost: number
  /** Relations that lack their code's tags because the relay never saw the add. */
  repairs: RepairCandidate[]
}

export async function runCustomersPhase(
  deps: SyncDeps,
  onProgress: (done: number, total: number) => void,
): Promise<CustomersPhaseResult> {
  const userids = deps.db.members
    .list()
    .filter((m) => m.canFollow)
    .map((m) => m.userid)
  const concurrency = Math.max(1, deps.reconcileConcurrency ?? 8)
  // Cursor paging is sequential within a chunk, so split the members into enough chunks to keep
  // `concurrency` chains busy; the call count is the same (pages hold up to 100 relations either way).
  const size = Math.max(1, Math.min(MAX_USERIDS_PER_CALL, Math.ceil(userids.length / (concurrency * 4))))
  const chunks = chunk(userids, size)
  const result: CustomersPhaseResult = {
    members: userids.length,
    customers: 0,
    added: 0,
    lost: 0,
    repairs: [],
  }
  const codeIdOf = codeIdCache(deps.db)
  const tagsOf = codeTagsCache(deps)
  let done = 0
  onProgress(0, userids.length)
  await forEachLimit(chunks, concurrency, async (members) => {
    await reconcileChunk(deps, members, codeIdOf, tagsOf, result)
    done += members.length
    onProgress(done, userids.length)
  })
  return result
}

async function reconcileChunk(
  deps: SyncDeps,
  members: string[],
  codeIdOf: CodeIdByState,
  tagsOf: ReturnType<typeof codeTagsCache>,
  result: CustomersPhaseResult,
): Promise<void> {
  const now = deps.now ?? Date.now
  const wecom = deps.wecom()
  // Relations added after this instant may be missing from pages fetched earlier: never judge them.
  const startedAt = now()
  const seen = new Map<string, Set<string>>(members.map((m) => [m, new Set<string>()]))
  const fetchPage = (cursor: string) =>
    wecom.batchGetByUser({ userid_list: members, limit: PAGE_LIMIT, ...(cursor ? { cursor } : {}) })
  // Ask for the next page before storing this one, so SQLite work overlaps the next round trip.
  let pending: ReturnType<typeof fetchPage> | null = fetchPage('')
  while (pending) {
    const page: Awaited<ReturnType<typeof fetchPage>> = await pending
    pending = page.next_cursor ? fetchPage(page.next_cursor) : null
    // WeCom could not read an unlicensed member's customers: their list is incomplete, so never
    // judge those customers as deleted.
    for (const userid of page.unlicensed_userids ?? []) seen.delete(userid)
    try {
      storePage(deps, page.external_contact_list, seen, codeIdOf, tagsOf, result, now())
    } catch (error) {
      pending?.catch(() => {})
      throw error
    }
  }

  const at = now()
  deps.db.transaction(() => {
    for (const [userid, customers] of seen) {
      for (const relation of deps.db.relations.currentRelationsByMember(userid)) {
        if (customers.has(relation.externalUserid) || relation.lastAddedAt >= startedAt) continue
        result.lost += deps.db.relations.recordLost(
          relation.externalUserid,
          userid,
          'member_deleted_customer',
          at,
          'reconcile',
        )
      }
    }
  })
}

function storePage(
  deps: SyncDeps,
  list: { external_contact: ExternalContact; follow_info: FollowInfo }[],
  seen: Map<string, Set<string>>,
  codeIdOf: CodeIdByState,
  tagsOf: ReturnType<typeof codeTagsCache>,
  result: CustomersPhaseResult,
  at: number,
): void {
  const customers = new Map<string, Customer>()
  for (const { external_contact: c } of list) {
    customers.set(c.external_userid, {
      externalUserid: c.external_userid,
      name: c.name ?? '',
      avatar: c.avatar ?? '',
      type: c.type ?? 1,
      corpName: c.corp_name ?? '',
      updatedAt: at,
    })
  }
  deps.db.transaction(() => {
    deps.db.customers.upsertMany([...customers.values()])
    for (const { external_contact: c, follow_info: f } of list) {
      seen.get(f.userid)?.add(c.external_userid)
      const codeId = f.state ? codeIdOf(f.state) : null
      if (codeId === null) continue
      // A customer who deleted the member still shows with the original add time, older than the loss,
      // so recordAdd leaves that relation lost; a re-add shows a newer time and revives it.
      const outcome = deps.db.relations.recordAdd(
        codeId,
        c.external_userid,
        f.userid,
        f.createtime * 1000,
        'reconcile',
      )
      if (outcome !== 'unchanged') result.added += 1
      const repair = repairFor(deps, f, c.external_userid, tagsOf)
      if (repair) result.repairs.push(repair)
    }
  })
  result.customers += customers.size
}
