// The 'customers' phase: reconcile with WeCom's own lists, which catch whatever the relay missed
// (events before the relay existed, a relay outage). batch/get_by_user pages every follow member's
// customers; customers are upserted, relations whose follow_info.state names a code are recorded.
//
// Then, once every member's list is in (never per chunk: a handover's two sides may sit in different
// chunks), two judgements:
// - Handovers: a customer a member holds by 分配 (add_way 202, how 在职/离职继承 lands) whose relation
//   is served by someone who no longer lists them (or has left, or got DELETE_BY_TRANSFER) moves to
//   the takeover member — one relation, counts unchanged — whether or not the state was kept.
// - Losses: a current relation whose customer vanished from a fully fetched list is lost (the member
//   deleted them) — unless a handover is under way, or it is a half-add WeCom does not list yet.
//
// The pages' store step (store-pages.ts) goes through write-queue.ts, on the page writer thread for a
// big reconcile; this loop keeps fetching and keeps what the judgements need (seen sets, arrivals).

import { codeIdCache, type CodeIdByState } from './apply-event'
import { chunk, forEachLimit } from './limit'
import type { SyncDeps } from './ports'
import { ADD_WAY_ASSIGNED, type PageList } from './store-pages'
import type { RepairCandidate } from './tag-repair'
import { createWriteQueue, type WriteQueue } from './write-queue'

const PAGE_LIMIT = 100
const MAX_USERIDS_PER_CALL = 100

export interface CustomersPhaseResult {
  members: number
  customers: number
  added: number
  lost: number
  /** Relations moved to a takeover member (在职/离职继承). */
  handedOver: number
  /** Relations that lack their code's tags because the relay never saw the add. */
  repairs: RepairCandidate[]
}

/** A customer a member holds by assignment: the takeover side of a handover, maybe. */
interface Arrival {
  userid: string
  externalUserid: string
  state: string
  at: number
}

interface Run {
  deps: SyncDeps
  codeIdOf: CodeIdByState
  result: CustomersPhaseResult
  /** Each fully fetched member's customers (unlicensed members are dropped: their list is partial). */
  seen: Map<string, Set<string>>
  arrivals: Arrival[]
  /** Pages on their way to the database (on the page writer thread for a big reconcile). */
  writes: WriteQueue
}

export async function runCustomersPhase(
  deps: SyncDeps,
  onProgress: (done: number, total: number) => void,
): Promise<CustomersPhaseResult> {
  const now = deps.now ?? Date.now
  const userids = deps.db.members
    .list()
    .filter((m) => m.canFollow)
    .map((m) => m.userid)
  const concurrency = Math.max(1, deps.reconcileConcurrency ?? 8)
  // Cursor paging is sequential within a chunk, so split the members into enough chunks to keep
  // `concurrency` chains busy; the call count is the same (pages hold up to 100 relations either way).
  const size = Math.max(1, Math.min(MAX_USERIDS_PER_CALL, Math.ceil(userids.length / (concurrency * 4))))
  const run: Run = {
    deps,
    codeIdOf: codeIdCache(deps.db),
    result: { members: userids.length, customers: 0, added: 0, lost: 0, handedOver: 0, repairs: [] },
    seen: new Map(userids.map((m) => [m, new Set<string>()])),
    arrivals: [],
    writes: createWriteQueue({
      db: deps.db,
      ...(deps.reconcileWriter ? { mode: deps.reconcileWriter } : {}),
      ...(deps.log ? { log: deps.log } : {}),
    }),
  }
  // Relations added after this instant may be missing from pages fetched earlier: never judge them.
  const startedAt = now()
  let done = 0
  onProgress(0, userids.length)
  try {
    await forEachLimit(chunk(userids, size), concurrency, async (members) => {
      await fetchChunk(run, members)
      done += members.length
      onProgress(done, userids.length)
    })
  } catch (error) {
    await run.writes.abandon()
    throw error
  }
  // Every page stored (the writer has drained) before anything is judged; a store error fails here.
  const stored = await run.writes.drain()
  run.result.customers = stored.customers
  run.result.added = stored.added
  run.result.repairs = stored.repairs
  const followers = new Set(userids)
  deps.db.transaction(() => {
    applyHandovers(run, followers)
    judgeLosses(run, startedAt, now())
  })
  return run.result
}

async function fetchChunk(run: Run, members: string[]): Promise<void> {
  const wecom = run.deps.wecom()
  const fetchPage = (cursor: string) =>
    wecom.batchGetByUser({ userid_list: members, limit: PAGE_LIMIT, ...(cursor ? { cursor } : {}) })
  const now = run.deps.now ?? Date.now
  // Ask for the next page before storing this one, so SQLite work overlaps the next round trip.
  let pending: ReturnType<typeof fetchPage> | null = fetchPage('')
  while (pending) {
    const page: Awaited<ReturnType<typeof fetchPage>> = await pending
    pending = page.next_cursor ? fetchPage(page.next_cursor) : null
    // WeCom could not read an unlicensed member's customers: their list is incomplete, so never
    // judge those customers as deleted.
    for (const userid of page.unlicensed_userids ?? []) run.seen.delete(userid)
    notePage(run, page.external_contact_list)
    await run.writes.add({ at: now(), list: page.external_contact_list })
    if (run.writes.failure) {
      pending?.catch(() => {})
      throw run.writes.failure
    }
  }
}

/** What the judgements need from a page, kept on this thread: who lists whom, and the assignments. */
function notePage(run: Run, list: PageList): void {
  for (const { external_contact: c, follow_info: f } of list) {
    run.seen.get(f.userid)?.add(c.external_userid)
    // Assigned customers are judged after every list is in: they may be someone's handover.
    if (f.add_way === ADD_WAY_ASSIGNED) {
      run.arrivals.push({
        userid: f.userid,
        externalUserid: c.external_userid,
        state: f.state ?? '',
        at: f.createtime * 1000,
      })
    }
  }
}

/** Moves each handed-over relation to its takeover member; an assignment we cannot match is an add. */
function applyHandovers(run: Run, followers: Set<string>): void {
  const { deps, result } = run
  for (const arrival of run.arrivals) {
    const codeId = arrival.state ? run.codeIdOf(arrival.state) : null
    const relations = deps.db.relations.currentRelationsOfCustomer(arrival.externalUserid)
    // Already theirs (handed over in an earlier run, or their own add): nothing to move.
    if (relations.some((r) => r.ownerUserid === arrival.userid && (codeId === null || r.codeId === codeId)))
      continue
    const handedOver = relations.filter(
      (r) =>
        (codeId === null || r.codeId === codeId) &&
        r.lastAddedAt <= arrival.at &&
        (r.handover === 'pending' ||
          !followers.has(r.ownerUserid) ||
          run.seen.get(r.ownerUserid)?.has(arrival.externalUserid) === false),
    )
    for (const r of handedOver) deps.db.relations.transferTo(r.id, arrival.userid, arrival.at, 'reconcile')
    result.handedOver += handedOver.length
    if (handedOver.length === 0 && codeId !== null) {
      // Assigned through a code's state without a relation we know of: counted as its add.
      const outcome = deps.db.relations.recordAdd(
        codeId,
        arrival.externalUserid,
        arrival.userid,
        arrival.at,
        'reconcile',
      )
      if (outcome === 'added' || outcome === 'readded') result.added += 1
    }
  }
}

function judgeLosses(run: Run, startedAt: number, at: number): void {
  const { deps, result } = run
  for (const [userid, customers] of run.seen) {
    for (const relation of deps.db.relations.currentRelationsByOwner(userid)) {
      if (customers.has(relation.externalUserid) || relation.lastAddedAt >= startedAt) continue
      // WeCom does not list a half-add until the member confirms; a handover's takeover may not have
      // been listed yet: neither is a loss.
      if (relation.pendingConfirm || relation.handover === 'pending') continue
      result.lost += deps.db.relations.recordLost(
        relation.externalUserid,
        userid,
        'member_deleted_customer',
        at,
        'reconcile',
      )
    }
  }
}
