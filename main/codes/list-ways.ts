// Every config_id WeCom lists for the corp. list_contact_way only looks back 90 days from start_time
// and never before 2021-07-10 (WECOM.md), so walk explicit 90-day windows back to that date and page
// each window by cursor.

import type { WeComClient } from '../../wecom/types'

const DAY_S = 86_400
const WINDOW_S = 90 * DAY_S
/** The earliest creation date list_contact_way ever returns. */
export const LIST_CONTACT_WAY_EPOCH_S = Date.UTC(2021, 6, 10) / 1000
const PAGE_LIMIT = 1000

export async function listAllConfigIds(
  wecom: Pick<WeComClient, 'listContactWay'>,
  nowMs: number,
  onWindow?: (done: number, total: number) => void,
): Promise<string[]> {
  const windows = windowsBack(Math.ceil(nowMs / 1000) + 60, LIST_CONTACT_WAY_EPOCH_S)
  const seen = new Set<string>()
  let done = 0
  for (const [start, end] of windows) {
    let cursor = ''
    do {
      const page = await wecom.listContactWay({
        start_time: start,
        end_time: end,
        limit: PAGE_LIMIT,
        ...(cursor ? { cursor } : {}),
      })
      for (const id of page.config_ids) seen.add(id)
      cursor = page.next_cursor
    } while (cursor)
    onWindow?.(++done, windows.length)
  }
  return [...seen]
}

/** Newest first, [start, end] in epoch seconds; windows share their edge second so none is skipped. */
export function windowsBack(endS: number, floorS: number): [number, number][] {
  const out: [number, number][] = []
  let end = endS
  while (end > floorS) {
    const start = Math.max(floorS, end - WINDOW_S)
    out.push([start, end])
    end = start
  }
  return out
}
