// bench sync-events: the sync's 'events' phase applying 10k relay events (adds, half + full pairs,
// both kinds of deletion, re-adds, unknown change types) into a real SQLite file. The relay is an
// in-memory stand-in serving pages as the real one does, so the figure is the desktop's own work.
// Target in targets.ts.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { EventsPage, RelayEvent } from '../../common/relay-api'
import { openDatabase } from '../../main/db'
import type { RelayClient } from '../../main/relay-client/types'
import { runEventsPhase } from '../../main/sync/events-phase'
import type { SyncDeps } from '../../main/sync/ports'
import { createConnectivity } from '../../main/sync/connectivity'
import { report } from './targets'

const EVENTS = 10_000
const CODES = 200

function makeEvents(): RelayEvent[] {
  const events: RelayEvent[] = []
  const t0 = 1_700_000_000
  const push = (changeType: string, n: number, state: string) =>
    events.push({
      seq: events.length + 1,
      event: 'change_external_contact',
      changeType,
      userid: `u${n % 50}`,
      externalUserid: `wm${n}`,
      state,
      createTime: t0 + events.length,
      receivedAt: (t0 + events.length) * 1000,
      source: '',
    })
  let n = 0
  while (events.length < EVENTS) {
    const state = `st${n % CODES}`
    const kind = n % 10
    if (kind < 5) push('add_external_contact', n, state)
    else if (kind === 5) {
      push('add_half_external_contact', n, state)
      push('add_external_contact', n, state)
    } else if (kind === 6) push('del_follow_user', n - 6, '')
    else if (kind === 7) push('del_external_contact', n - 6, '')
    else if (kind === 8) push('add_external_contact', n - 8, `st${(n - 8) % CODES}`)
    else push('edit_external_contact', n, '')
    n++
  }
  return events.slice(0, EVENTS)
}

function fakeRelay(events: RelayEvent[]): RelayClient {
  const notUsed = () => Promise.reject(new Error('not used by this bench'))
  return {
    baseUrl: 'memory:',
    health: notUsed,
    putSettings: notUsed,
    putPolicy: notUsed,
    deletePolicy: notUsed,
    actions: notUsed,
    callbackConfig: notUsed,
    gaps: notUsed,
    registry: notUsed,
    pushRegistry: notUsed,
    me: notUsed,
    keys: notUsed,
    issueKey: notUsed,
    revokeKey: notUsed,
    putMemberRouting: notUsed,
    routing: notUsed,
    reinstateMember: notUsed,
    async events(input): Promise<EventsPage> {
      const after = Number(input.after ?? 0)
      const limit = Number(input.limit ?? 500)
      const page = events.filter((e) => e.seq > after).slice(0, limit)
      const last = page[page.length - 1]
      return { events: page, nextCursor: last?.seq ?? after, hasMore: (last?.seq ?? after) < events.length }
    },
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-events-'))
const db = openDatabase(path.join(dir, 'app.db'))
try {
  for (let i = 0; i < CODES; i++) {
    db.codes.insert({
      configId: `cfg${i}`,
      state: `st${i}`,
      name: `活码${i}`,
      qrUrl: '',
      creator: 'bench',
      createdAt: 1,
      memberUserids: ['u1'],
      tagIds: [],
      welcome: { mode: 'none', text: '', attachment: null },
      autoAccept: { mode: 'on', windows: [] },
    })
  }
  const events = makeEvents()
  const deps: SyncDeps = {
    db,
    wecom: () => {
      throw new Error('not used by this bench')
    },
    relay: () => fakeRelay(events),
    codes: {
      pushPending: () => Promise.reject(new Error('unused')),
      pendingPushes: () => 0,
      importFromWeCom: () => Promise.reject(new Error('unused')),
      cacheMissingQr: () => Promise.reject(new Error('unused')),
      carryOutDueDeletes: () => Promise.resolve({ done: 0, failed: 0, error: null }),
    },
    connectivity: createConnectivity(),
    settings: () => ({ timeZone: 'Asia/Shanghai' }),
  }
  const start = performance.now()
  const result = await runEventsPhase(deps, () => {})
  const elapsed = performance.now() - start
  const counts = db.sqlite
    .prepare("SELECT count(*) AS cumulative, count(*) FILTER (WHERE status = 'lost') AS lost FROM relations")
    .get() as { cumulative: number; lost: number }
  console.log(`applied ${result.applied} events; relations ${counts.cumulative}, lost ${counts.lost}`)
  if (result.applied !== EVENTS) throw new Error(`expected ${EVENTS} applied, got ${result.applied}`)
  report('sync-events', elapsed)
} finally {
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
