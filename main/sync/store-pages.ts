// The reconcile's store step, the same on either thread: a batch of batch/get_by_user pages becomes
// customer upserts, recordAdd for every relation whose state names a code, and the tag repairs the
// relay missed — one transaction per batch. It touches only the database it is given, so the page
// writer thread (page-writer-thread.ts) runs it against its own connection and the phase's main loop
// keeps what needs no database (seen sets, handover arrivals).

import type { Customer } from '../db'
import type { ExternalContact, FollowInfo } from '../../wecom/types'
import { codeIdCache, type CodeIdByState } from './apply-event'
import type { SyncDb } from './ports'
import { codeTagsCache, repairFor, type RepairCandidate } from './tag-repair'

/** follow_info.add_way for a customer assigned by an admin or 继承 (WeCom's 管理员/负责人分配). */
export const ADD_WAY_ASSIGNED = 202

export type PageList = { external_contact: ExternalContact; follow_info: FollowInfo }[]

/** One fetched page and the instant it arrived (the customers' updatedAt). */
export interface QueuedPage {
  at: number
  list: PageList
}

export interface StoredCounts {
  customers: number
  added: number
  repairs: RepairCandidate[]
}

/** Per phase run: codes by state and their tags, read once from the database the batches go to. */
export interface StoreContext {
  db: SyncDb
  codeIdOf: CodeIdByState
  tagsOf: ReturnType<typeof codeTagsCache>
}

export function storeContext(db: SyncDb): StoreContext {
  return { db, codeIdOf: codeIdCache(db), tagsOf: codeTagsCache({ db }) }
}

/**
 * Stores the batch in one transaction (begun IMMEDIATE by the caller when another connection may
 * write). Throws the store's error; the transaction then rolls back whole.
 */
export function storeBatch(ctx: StoreContext, pages: readonly QueuedPage[]): StoredCounts {
  const counts: StoredCounts = { customers: 0, added: 0, repairs: [] }
  ctx.db.transaction(() => {
    for (const page of pages) storePage(ctx, page, counts)
  })
  return counts
}

function storePage(ctx: StoreContext, { at, list }: QueuedPage, counts: StoredCounts): void {
  const { db } = ctx
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
  db.customers.upsertMany([...customers.values()])
  for (const { external_contact: c, follow_info: f } of list) {
    // Assigned customers are judged after every list is in: they may be someone's handover.
    if (f.add_way === ADD_WAY_ASSIGNED) continue
    const codeId = f.state ? ctx.codeIdOf(f.state) : null
    if (codeId === null) continue
    // A customer who deleted the member still shows with the original add time, older than the loss,
    // so recordAdd leaves that relation lost; a re-add shows a newer time and revives it.
    const outcome = db.relations.recordAdd(
      codeId,
      c.external_userid,
      f.userid,
      f.createtime * 1000,
      'reconcile',
    )
    if (outcome === 'added' || outcome === 'readded') counts.added += 1
    const repair = repairFor({ db }, f, c.external_userid, ctx.tagsOf)
    if (repair) counts.repairs.push(repair)
  }
  counts.customers += customers.size
}
