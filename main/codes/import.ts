// Imports the corp's contact ways this app does not know yet (made in the console, by another tool, or
// by this app on another computer) as 'imported' codes: shown in the list and counted from sync, but
// the relay is left alone (no welcome or tags of ours apply to them).

import type { ContactWay } from '../../wecom/types'
import { sqliteCode } from '../db/errors'
import { forEachLimit } from '../sync/limit'
import { listAllConfigIds } from './list-ways'
import { deleteOrphans } from './orphans'
import type { CodesDeps } from './ports'
import { CODE_NAME_MAX } from '../../common/limits'

export interface ImportResult {
  listed: number
  imported: number
  /** Imported ways without a state: listed, but WeCom gives no way to tie their customers to them. */
  untracked: number
  /** Ways that could not be stored (e.g. their state is already another code's). */
  skipped: number
}

const DETAIL_CONCURRENCY = 4

export async function importFromWeCom(
  deps: CodesDeps,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  const now = deps.now ?? Date.now
  const wecom = deps.wecom()
  const codes = deps.db.codes
  // Ways left over by a failed create are deleted, never imported.
  await deleteOrphans(deps.db.syncState, wecom)
  const ids = await listAllConfigIds(wecom, now())
  const unknown = ids.filter((id) => codes.getByConfigId(id) === null)
  const result: ImportResult = { listed: ids.length, imported: 0, untracked: 0, skipped: 0 }
  let done = 0
  onProgress?.(0, unknown.length)
  await forEachLimit(unknown, DETAIL_CONCURRENCY, async (configId) => {
    const way = await fetchWay(deps, configId)
    if (way) store(deps, way, result)
    onProgress?.(++done, unknown.length)
  })
  return result
}

async function fetchWay(deps: CodesDeps, configId: string): Promise<ContactWay | null> {
  try {
    return await deps.wecom().getContactWay(configId)
  } catch (error) {
    // Deleted between list and get: nothing to import.
    if (errcodeOf(error) === 41044) return null
    throw error
  }
}

function store(deps: CodesDeps, way: ContactWay, result: ImportResult): void {
  const codes = deps.db.codes
  // Another code (possibly deleted) already owns this state: events for it belong to that one.
  if (way.state !== '' && codes.getByState(way.state) !== null) {
    result.skipped += 1
    return
  }
  try {
    codes.insert({
      configId: way.config_id,
      state: way.state,
      name: uniqueName(deps, importedName(way)),
      qrUrl: way.qr_code,
      // Made outside this app: the list, its filter and the registry name it 导入.
      creator: '导入',
      createdAt: (deps.now ?? Date.now)(),
      origin: 'imported',
      relayState: 'synced',
      memberUserids: [...new Set(way.user)],
      tagIds: [],
      welcome: { mode: 'none', text: '', attachment: null },
      autoAccept: { mode: way.skip_verify ? 'on' : 'off', windows: [] },
      // A type-1 way can never get a second member: an edit that grows it must ask first.
      wayType: way.type === 1 ? 1 : 2,
      partyIds: [...way.party],
    })
    result.imported += 1
    if (way.state === '') result.untracked += 1
  } catch (error) {
    if (sqliteCode(error)?.startsWith('SQLITE_CONSTRAINT')) {
      deps.log?.(`import of contact way ${way.config_id} skipped`, error)
      result.skipped += 1
      return
    }
    throw error
  }
}

function importedName(way: ContactWay): string {
  const remark = way.remark.trim().slice(0, CODE_NAME_MAX)
  return remark || `导入活码 ${way.config_id.slice(-6)}`
}

/** Names are unique among live codes; an imported remark that collides gets a numbered suffix. */
function uniqueName(deps: CodesDeps, base: string): string {
  if (!deps.db.codes.nameExists(base)) return base
  for (let n = 2; ; n++) {
    const suffix = `（${n}）`
    const name = base.slice(0, CODE_NAME_MAX - suffix.length) + suffix
    if (!deps.db.codes.nameExists(name)) return name
  }
}

function errcodeOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null
  const code = (error as { errcode?: unknown }).errcode
  return typeof code === 'number' ? code : null
}
