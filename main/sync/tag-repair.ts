// 补打标签: customers who added through a code while the relay was unreachable got neither its welcome
// (the 20 s window is long gone) nor its tags. Reconcile sees them — WeCom's list names the code's
// state in follow_info — so the app applies the missing tags itself, once per relation. Relations the
// relay did tag are left alone (a member may have taken a tag off on purpose), and so are lost ones.

import type { FollowInfo } from '../../wecom/types'
import { isWeComError } from '../../wecom/errors'
import { forEachLimit } from './limit'
import type { SyncDeps } from './ports'

export interface RepairCandidate {
  codeId: number
  externalUserid: string
  memberUserid: string
  /** The code's tags this customer lacks. */
  tagIds: string[]
}

interface CodeTags {
  id: number
  tagIds: string[]
}

/** Per sync run: each code's live preset tags by state (null: not a code of ours, or no tags). */
export function codeTagsCache(deps: Pick<SyncDeps, 'db'>): (state: string) => CodeTags | null {
  const cache = new Map<string, CodeTags | null>()
  return (state) => {
    let hit = cache.get(state)
    if (hit === undefined) {
      const code = deps.db.codes.getByState(state)
      const usable =
        code && code.deletedAt === null && code.origin === 'app' && code.tagIds.length > 0
          ? new Set(
              deps.db.tags
                .getMany(code.tagIds)
                .filter((t) => !t.deleted)
                .map((t) => t.id),
            )
          : new Set<string>()
      // In the code's own order, without tags deleted from the library since.
      const live = code ? code.tagIds.filter((t) => usable.has(t)) : []
      hit = code && live.length > 0 ? { id: code.id, tagIds: live } : null
      cache.set(state, hit)
    }
    return hit
  }
}

/** Whether this listed relation needs its tags applied by the app. Call after recordAdd. */
export function repairFor(
  deps: Pick<SyncDeps, 'db'>,
  follow: FollowInfo,
  externalUserid: string,
  tagsOf: (state: string) => CodeTags | null,
): RepairCandidate | null {
  if (!follow.state) return null
  const code = tagsOf(follow.state)
  if (!code) return null
  const has = new Set(follow.tag_id)
  const missing = code.tagIds.filter((t) => !has.has(t))
  if (missing.length === 0) return null
  const { db } = deps
  if (db.relations.get(code.id, externalUserid, follow.userid)?.status !== 'current') return null
  if (db.relayRecords.relayTagged(follow.state, follow.userid, externalUserid)) return null
  if (db.relayRecords.tagRepair(code.id, externalUserid, follow.userid)) return null
  return { codeId: code.id, externalUserid, memberUserid: follow.userid, tagIds: missing }
}

export interface RepairResult {
  repaired: number
  failed: number
}

export async function applyTagRepairs(
  deps: SyncDeps,
  candidates: RepairCandidate[],
  onProgress: (done: number, total: number) => void,
): Promise<RepairResult> {
  const now = deps.now ?? Date.now
  const wecom = deps.wecom()
  const result: RepairResult = { repaired: 0, failed: 0 }
  let done = 0
  onProgress(0, candidates.length)
  await forEachLimit(candidates, 4, async (c) => {
    try {
      await wecom.markTag({ userid: c.memberUserid, external_userid: c.externalUserid, add_tag: c.tagIds })
      deps.db.relayRecords.recordTagRepair({ ...c, status: 'done', errcode: null, message: null, at: now() })
      result.repaired += 1
    } catch (error) {
      // Offline: stop here, the next sync finds the same candidates. 84061: the pair is not a real
      // relation yet (a half-add the member has not confirmed) — try again next time, do not record.
      if (!isWeComError(error)) throw error
      if (error.errcode === 84061) return
      deps.db.relayRecords.recordTagRepair({
        ...c,
        status: 'failed',
        errcode: error.errcode,
        message: error.message,
        at: now(),
      })
      result.failed += 1
    } finally {
      onProgress(++done, candidates.length)
    }
  })
  return result
}
