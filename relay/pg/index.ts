// The relay's store on PostgreSQL: several relay instances on one database (issue 18). One pg.Pool
// for every call, one extra connection for the lead locks, the numbered migrations run on open
// (under an advisory lock, so instances starting together migrate once). Each part lives in its own
// file: db.ts (pool, transactions), counters.ts (per-corp numbers), ingest.ts (the group commit),
// numbering.ts (event numbers, given after commit),
// jobs.ts (claims and leases, the desktop API's reads), policies.ts, routing.ts, registry.ts (registry
// and keys), uptime.ts, lead.ts.

import type { RelayStorage } from '../storage'
import { createPool } from './db'
import { commitBatch } from './ingest'
import { jobQueue, logReads } from './jobs'
import { LeadLocks } from './lead'
import { migratePg } from './migrations'
import { policyStore } from './policies'
import { keyStore, registryStore } from './registry'
import { routingStore } from './routing'
import { uptimeStore } from './uptime'

export interface PgStorageOptions {
  url: string
  now: () => number
  poolSize?: number
  log?: (message: string, fields?: Record<string, unknown>) => void
}

export async function openPgStorage(options: PgStorageOptions): Promise<RelayStorage> {
  const pool = createPool(options)
  try {
    await migratePg(pool, options.log ? { log: options.log } : {})
  } catch (error) {
    await pool.end().catch(() => {})
    throw error
  }
  const leads = new LeadLocks(options.url, options.log)
  const jobs = jobQueue(pool)
  const reads = logReads(pool)
  const policies = policyStore(pool)
  let closed: Promise<void> | null = null
  return {
    kind: 'postgres',
    commit: (events, messages, welcomeWindowMs) => commitBatch(pool, events, messages, welcomeWindowMs),
    pruneMessages: reads.pruneMessages,
    otherMessageCount: reads.otherMessageCount,
    events: reads.events,
    lastEventAt: reads.lastEventAt,
    actions: reads.actions,
    enqueueFlipUnlessOpen: jobs.enqueueFlipUnlessOpen,
    claim: jobs.claim,
    extendLeases: jobs.extendLeases,
    recordOutcomes: jobs.recordOutcomes,
    finish: jobs.finish,
    setDetail: jobs.setDetail,
    retryAt: jobs.retryAt,
    pendingCount: jobs.pendingCount,
    putPolicy: policies.putPolicy,
    deletePolicy: policies.deletePolicy,
    policy: policies.policy,
    hasPolicy: policies.hasPolicy,
    policies: policies.policies,
    putSettings: policies.putSettings,
    settings: policies.settings,
    media: policies.media,
    putMedia: policies.putMedia,
    skipState: policies.skipState,
    flipWritten: policies.flipWritten,
    flipFailed: policies.flipFailed,
    hasOpenFlip: jobs.hasOpenFlip,
    lead: (role) => leads.lead(role),
    routing: routingStore(pool),
    registry: registryStore(pool),
    keys: keyStore(pool, options.now),
    uptime: uptimeStore(pool),
    close() {
      closed ??= Promise.all([leads.close(), pool.end()]).then(() => {})
      return closed
    },
  }
}
