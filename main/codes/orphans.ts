// Contact ways WeCom made for us that have no local code because the local write failed and deleting
// them again failed too (e.g. the network dropped in between). Remembered in sync_state so the next
// sync deletes them before importing — otherwise the import would bring them back as codes.

import type { AppDatabase } from '../db'
import type { WeComClient } from '../../wecom/types'

const KEY = 'orphan_contact_ways'

type State = Pick<AppDatabase, 'syncState'>['syncState']

export function listOrphans(state: State): string[] {
  const raw = state.get(KEY)
  if (!raw) return []
  try {
    const parsed: unknown = JSON.parse(raw)
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

export function rememberOrphan(state: State, configId: string): void {
  const list = listOrphans(state)
  if (!list.includes(configId)) state.set(KEY, JSON.stringify([...list, configId]))
}

/** Deletes remembered orphans; those that still fail stay for the next sync. */
export async function deleteOrphans(
  state: State,
  wecom: Pick<WeComClient, 'delContactWay'>,
): Promise<number> {
  let deleted = 0
  for (const configId of listOrphans(state)) {
    await wecom.delContactWay(configId)
    state.set(KEY, JSON.stringify(listOrphans(state).filter((id) => id !== configId)))
    deleted += 1
  }
  return deleted
}
