// The relay's durable store: one SQLite file (WAL, synchronous=FULL so an answered event survives a
// power cut) holding the event log, the jobs that act on events, the policies desktops push, the
// corps' settings, the media_id cache, the last skip_verify written for each scheduled code, and the
// other messages a callback URL receives.

import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { ActionOutcome, ActionStatus, CodePolicy, RelayEvent, RelaySettings } from '../common/relay-api'
import { stderrLog, type RelayLog } from './log'
import { migrateRelayStore } from './migrations'
import { DesktopKeys } from './registry/keys'
import { RegistryStore } from './registry/store'
import { RoutingStore } from './routing/routing-store'
import type {
  CommitResult,
  IncomingEvent,
  IncomingMessage,
  JobRow,
  LeadRole,
  OutcomeWrite,
  RelayStorage,
} from './storage'
import { SqliteUptime } from './uptime-store'
import { WalSync } from './wal-sync'
import { pausedAfterFailure } from './flip-pause'

// The row and input types live with the interface (relay/storage.ts); re-exported for old importers.
export type { IncomingEvent, IncomingMessage, JobRow } from './storage'

export interface RelayStoreOptions {
  /** The desktop keys' clock (issued, last seen, revoked). */
  now?: () => number
  /** Where a background WAL flush that failed is reported. */
  log?: RelayLog
}

/**
 * Two add events for the same member, customer and code are one add (the half and the full add of
 * one scan) when a tagging for it is still under way (it may wait hours for the member to confirm)
 * or was done within this window: they share one tagging. After a failed one, or through another
 * code, the add is tagged again.
 */
const SAME_ADD_WINDOW_MS = 10 * 60_000
const ADD_TYPES = new Set(['add_external_contact', 'add_half_external_contact'])
/** A claim whose flush failed is due again this soon (the disk may be back). */
const RETRY_AFTER_FAILED_FLUSH_MS = 250

export class RelayStore implements RelayStorage {
  readonly kind = 'sqlite' as const
  readonly db: Database.Database
  /** Statements prepared on first use: a store opened at an older step (tests) lacks newer columns. */
  private readonly statements = new Map<string, Database.Statement>()
  /**
   * Parsed policies and settings per corp, read once and dropped on every push or delete: every add
   * and every job needs its code's policy, whose JSON carries a base64 image (re-parsing it per job
   * was most of an add's cost).
   */
  private readonly policyCache = new Map<string, Map<string, CodePolicy>>()
  private readonly settingsCache = new Map<string, RelaySettings | null>()
  /** Jobs this process has queued so far (to wake the runner only when there is something to run). */
  jobsQueued = 0
  /** Commits whose fsync runs off the event loop, for the hot writers (see wal-sync.ts). */
  readonly wal: WalSync

  /** Smart routing's, the registry's, the keys' and the uptime tables, over this same connection. */
  readonly routing: RoutingStore
  readonly registry: RegistryStore
  readonly keys: DesktopKeys
  readonly uptime: SqliteUptime
  private readonly log: RelayLog

  /** `migrateTo` is for tests: open as an older relay would have left the file. */
  constructor(dataDir: string, migrateTo?: number, options: RelayStoreOptions = {}) {
    mkdirSync(dataDir, { recursive: true })
    this.db = new Database(path.join(dataDir, 'relay.sqlite'))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    migrateRelayStore(this.db, migrateTo === undefined ? {} : { target: migrateTo })
    this.wal = new WalSync(this.db, path.join(dataDir, 'relay.sqlite-wal'))
    this.log = options.log ?? stderrLog
    this.routing = new RoutingStore(this.db, (write) => this.lazily(write))
    this.registry = new RegistryStore(this.db)
    this.keys = new DesktopKeys(this.db, options.now ?? Date.now)
    this.uptime = new SqliteUptime(this.db)
  }

  /**
   * One group commit (relay/ingest.ts): the events with their jobs and the other messages in one
   * transaction committed without the in-COMMIT fsync, resolved once the WAL flush that follows it
   * returned (wal-sync.ts) — so the event loop reads the next batch while the disk works.
   */
  commit(
    events: IncomingEvent[],
    messages: IncomingMessage[],
    welcomeWindowMs: number,
  ): Promise<CommitResult> {
    const queuedBefore = this.jobsQueued
    let results: { events: boolean[]; messages: boolean[] }
    try {
      results = this.wal.commitLazily(() => ({
        events: this.ingest(events, welcomeWindowMs),
        messages: this.keepMessages(messages),
      }))
    } catch (error) {
      this.resetSequences()
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    const queuedJobs = this.jobsQueued > queuedBefore
    return this.wal.flushed().then(() => ({ ...results, queuedJobs }))
  }

  /** One host, one relay: this process leads whatever it is asked. */
  lead(_role: LeadRole): boolean {
    return true
  }

  /**
   * A job outcome, committed without the in-COMMIT fsync and flushed soon after on the thread pool
   * (as the runner's outcomes always were): an outcome lost to a power cut leaves its job leased, and
   * it is taken up again as an attempt of unknown result. A refused write throws here, at once.
   */
  private lazily<T>(write: () => T): T {
    const result = this.wal.commitLazily(write)
    this.wal.flushed().catch((error: unknown) => {
      this.log('lazily committed writes not flushed yet', { error: String(error) })
    })
    return result
  }

  /**
   * Each corp's last event and job number, read once from the file and then counted here: only this
   * process writes the file, and a MAX() per insert cost a third of the ingest. Dropped whenever a
   * write fails, since a rolled-back insert may have counted one.
   */
  private readonly lastSeq = { events: new Map<string, number>(), jobs: new Map<string, number>() }

  private nextSeq(table: 'events' | 'jobs', corpId: string): number {
    const known = this.lastSeq[table].get(corpId)
    if (known !== undefined) return known + 1
    const max = this.sql(`SELECT COALESCE(MAX(corp_seq), 0) FROM ${table} WHERE corp_id = ?`)
      .pluck()
      .get(corpId) as number
    this.lastSeq[table].set(corpId, max)
    return max + 1
  }

  /** Forgets the counted numbers (after a write that failed or was rolled back). */
  resetSequences() {
    this.lastSeq.events.clear()
    this.lastSeq.jobs.clear()
  }

  /** One transaction wrapper, made once (better-sqlite3 builds four closures per wrapper). */
  private inTransaction: ((write: () => unknown) => unknown) | null = null

  private transaction<T>(write: () => T): () => T {
    this.inTransaction ??= this.db.transaction((w: () => unknown) => w())
    const run = this.inTransaction
    return () => run(write) as T
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text)
    if (!statement) {
      statement = this.db.prepare(text)
      this.statements.set(text, statement)
    }
    return statement
  }

  private insertJob(job: {
    corpId: string
    kind: JobRow['kind']
    eventSeq: number | null
    state: string
    userid: string
    externalUserid: string
    welcomeCode: string
    runAt: number
    deadline: number | null
    payload: string
    now: number
  }) {
    const corpSeq = this.nextSeq('jobs', job.corpId)
    const info = this.sql(
      `INSERT OR IGNORE INTO jobs (corp_id, corp_seq, kind, event_seq, state, userid, external_userid, welcome_code, status, run_at, deadline, payload, created_at, updated_at)
       VALUES (@corpId, @corpSeq, @kind, @eventSeq, @state, @userid, @externalUserid, @welcomeCode, 'pending', @runAt, @deadline, @payload, @now, @now)`,
    ).run({ ...job, corpSeq })
    if (info.changes > 0) {
      this.lastSeq.jobs.set(job.corpId, corpSeq)
      this.jobsQueued += 1
    }
  }

  /**
   * Stores a batch of decrypted events and their follow-up jobs in one transaction (group commit).
   * Returns, per event, whether it was new (false = a retry of an event already stored).
   */
  ingest(events: IncomingEvent[], welcomeWindowMs: number): boolean[] {
    const insertEvent = this.sql(
      `INSERT OR IGNORE INTO events (corp_id, corp_seq, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at)
       VALUES (@corpId, @corpSeq, @event, @changeType, @userid, @externalUserid, @state, @welcomeCode, @createTime, @source, @receivedAt)`,
    )
    // The tagging this add shares, if any: same member, customer and code, still under way or done
    // within the window — and no delete of the pair since (add → del_follow_user → add is a new add).
    const sharedTagging = this.sql(
      `SELECT j.id FROM events e INDEXED BY events_dedupe
         JOIN jobs j ON j.corp_id = e.corp_id AND j.event_seq = e.corp_seq
       WHERE e.corp_id = @corpId AND e.event = 'change_external_contact'
         AND e.change_type IN ('add_external_contact', 'add_half_external_contact')
         AND e.userid = @userid AND e.external_userid = @externalUserid
         AND j.kind = @kind AND j.state = @state
         AND (j.status IN ('pending', 'running') OR (j.status IN ('done', 'skipped') AND j.created_at > @since))
         AND NOT EXISTS (SELECT 1 FROM events d INDEXED BY events_dedupe WHERE d.corp_id = j.corp_id AND d.event = 'change_external_contact'
           AND d.change_type IN ('del_follow_user', 'del_external_contact') AND d.userid = j.userid
           AND d.external_userid = j.external_userid AND d.corp_seq > j.event_seq)
       ORDER BY j.created_at DESC LIMIT 1`,
    )
    // Whether the pair was added before: a probe of the events_dedupe page this add's insert has
    // just written, which a first add (nearly every add) then stops at. Tags and remark jobs come
    // only from add events, so no earlier add means nothing to share.
    const earlierAdd = this.sql(
      `SELECT 1 FROM events INDEXED BY events_dedupe WHERE corp_id = ? AND event = 'change_external_contact'
         AND change_type IN ('add_external_contact', 'add_half_external_contact') AND userid = ? AND external_userid = ?
         AND corp_seq < ? LIMIT 1`,
    ).pluck()
    const wakeJob = this.sql(`UPDATE jobs SET run_at = ? WHERE id = ? AND status = 'pending'`)
    const run = this.transaction(() =>
      events.map((e) => {
        const { addedAt = e.receivedAt, ...row } = e
        const corpSeq = this.nextSeq('events', e.corpId)
        if (insertEvent.run({ ...row, corpSeq }).changes === 0) return false
        this.lastSeq.events.set(e.corpId, corpSeq)
        const inserted = { corp_seq: corpSeq }
        if (ADD_TYPES.has(e.changeType) && e.state && this.hasPolicy(e.corpId, e.state)) {
          const base = {
            corpId: e.corpId,
            eventSeq: inserted.corp_seq,
            state: e.state,
            userid: e.userid,
            externalUserid: e.externalUserid,
            now: e.receivedAt,
          }
          if (e.welcomeCode) {
            // The 20 s run from when the customer was added (WeCom's CreateTime), not from when the
            // callback arrived: a delayed callback must not fire a send that cannot succeed.
            this.insertJob({
              ...base,
              kind: 'welcome',
              welcomeCode: e.welcomeCode,
              runAt: e.receivedAt,
              deadline: Math.min(addedAt, e.receivedAt) + welcomeWindowMs,
              // The add's CreateTime picks the message of its minute (relay/welcome/windows.ts).
              payload: JSON.stringify({ createTime: e.createTime }),
            })
          }
          // The half and the full add event of one add share one tagging (and one auto remark, issue
          // 17); the full add wakes the one that waits for the member to confirm (84061), so it lands
          // as soon as it can.
          const sharedJob = (kind: 'tags' | 'remark', runAt: number) => {
            const shared =
              earlierAdd.get(e.corpId, e.userid, e.externalUserid, corpSeq) === undefined
                ? undefined
                : (sharedTagging.get({
                    kind,
                    corpId: e.corpId,
                    userid: e.userid,
                    externalUserid: e.externalUserid,
                    state: e.state,
                    since: e.receivedAt - SAME_ADD_WINDOW_MS,
                  }) as { id: number } | undefined)
            if (shared) {
              if (e.changeType === 'add_external_contact') wakeJob.run(e.receivedAt, shared.id)
            } else {
              this.insertJob({ ...base, kind, welcomeCode: '', runAt, deadline: null, payload: '{}' })
            }
          }
          sharedJob('tags', e.receivedAt)
          // A remark is never urgent, and must not take WeCom calls from welcomes whose 20 s are running.
          if (this.policy(e.corpId, e.state)?.autoRemark) sharedJob('remark', e.receivedAt + welcomeWindowMs)
        }
        return true
      }),
    )
    try {
      return run()
    } catch (error) {
      this.resetSequences()
      throw error
    }
  }

  /** Keeps other messages (group-committed with the events); false for a retry already kept. */
  keepMessages(messages: IncomingMessage[]): boolean[] {
    if (messages.length === 0) return []
    const insert = this.sql(
      `INSERT OR IGNORE INTO messages (corp_id, msg_type, event, change_type, create_time, received_at, digest, xml)
       VALUES (@corpId, @msgType, @event, @changeType, @createTime, @receivedAt, @digest, @xml)`,
    )
    return this.db.transaction(() =>
      messages.map(
        (m) => insert.run({ ...m, digest: createHash('sha256').update(m.xml).digest('hex') }).changes > 0,
      ),
    )()
  }

  /** Drops the other messages that arrived before `before` (epoch ms); returns how many. */
  pruneMessages(before: number): number {
    return this.sql('DELETE FROM messages WHERE received_at < ?').run(before).changes
  }

  otherMessageCount(corpId: string): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM messages WHERE corp_id = ?').get(corpId) as { n: number }
    ).n
  }

  events(corpId: string, after: number, limit: number): RelayEvent[] {
    const rows = this.db
      .prepare(
        `SELECT corp_seq AS seq, event, change_type, userid, external_userid, state, create_time, received_at, source
         FROM events WHERE corp_id = ? AND corp_seq > ? ORDER BY corp_seq LIMIT ?`,
      )
      .all(corpId, after, limit) as {
      seq: number
      event: string
      change_type: string
      userid: string
      external_userid: string
      state: string
      create_time: number
      received_at: number
      source: string
    }[]
    return rows.map((r) => ({
      seq: r.seq,
      event: r.event,
      changeType: r.change_type,
      userid: r.userid,
      externalUserid: r.external_userid,
      state: r.state,
      createTime: r.create_time,
      receivedAt: r.received_at,
      source: r.source,
    }))
  }

  lastEventAt(corpId: string): number | null {
    const row = this.db
      .prepare('SELECT received_at AS at FROM events WHERE corp_id = ? ORDER BY corp_seq DESC LIMIT 1')
      .get(corpId) as { at: number } | undefined
    return row?.at ?? null
  }

  /** `allKinds` false: only the first release's kinds (see actionsQuery in common/relay-api.ts). */
  actions(corpId: string, after: number, limit: number, allKinds = true): ActionOutcome[] {
    const rows = this.db
      .prepare(
        `SELECT corp_seq AS id, event_seq, kind, state, userid, external_userid, status, attempts, errcode, last_error, updated_at, detail
         FROM jobs WHERE corp_id = ? AND corp_seq > ? AND (? OR kind IN ('welcome', 'tags', 'skip_verify'))
         ORDER BY corp_seq LIMIT ?`,
      )
      .all(corpId, after, allKinds ? 1 : 0, limit) as {
      id: number
      event_seq: number | null
      kind: ActionOutcome['kind']
      state: string
      userid: string
      external_userid: string
      status: string
      attempts: number
      errcode: number | null
      last_error: string | null
      updated_at: number
      detail: string | null
    }[]
    return rows.map((r) => ({
      id: r.id,
      eventSeq: r.event_seq,
      kind: r.kind,
      state: r.state,
      userid: r.userid,
      externalUserid: r.external_userid,
      status: (r.status === 'running' ? 'pending' : r.status) as ActionStatus,
      attempts: r.attempts,
      errcode: r.errcode,
      lastError: r.last_error,
      updatedAt: r.updated_at,
      detail: r.detail,
    }))
  }

  // Jobs --------------------------------------------------------------------------------------

  enqueueSkipVerify(corpId: string, state: string, skipVerify: boolean, now: number) {
    this.insertJob({
      corpId,
      kind: 'skip_verify',
      eventSeq: null,
      state,
      userid: '',
      externalUserid: '',
      welcomeCode: '',
      runAt: now,
      deadline: null,
      payload: JSON.stringify({ skipVerify }),
      now,
    })
  }

  /** Queues a flip unless one for the code is queued or running (one transaction); whether queued. */
  enqueueFlipUnlessOpen(
    corpId: string,
    state: string,
    skipVerify: boolean,
    now: number,
    pauseMs?: number,
  ): boolean {
    try {
      return this.transaction(() => {
        if (this.hasOpenFlip(corpId, state)) return false
        if (
          pauseMs !== undefined &&
          pausedAfterFailure(this.skipState(corpId, state), skipVerify, now, pauseMs)
        )
          return false
        this.enqueueSkipVerify(corpId, state, skipVerify, now)
        return true
      })()
    } catch (error) {
      this.resetSequences()
      throw error
    }
  }

  /**
   * Claims due jobs, and jobs whose lease lapsed (the relay died mid-call), for leaseMs; never one
   * in `busy` (still running in this process, whatever its lease says). A lapsed job is marked
   * outcome_unknown: its call may have reached WeCom. One that has had its attempts is not run again
   * but recorded dead. Resolves once the claim is on disk, so no call goes out before it: after a
   * power cut the attempt is then known to have maybe happened (a lapsed lease), never silently
   * forgotten. When that flush fails the jobs are put back, due again shortly, and it throws.
   */
  async claim(
    now: number,
    limit: number,
    leaseMs: number,
    maxAttempts: number,
    busy: number[] = [],
    othersLimit = Infinity,
  ): Promise<JobRow[]> {
    const jobs = this.wal.commitLazily(() =>
      this.claimNow(now, limit, leaseMs, maxAttempts, busy, othersLimit),
    )
    if (jobs.length === 0) return jobs
    try {
      await this.wal.flushed()
    } catch (error) {
      try {
        for (const job of jobs)
          this.retryAt(job.id, now + RETRY_AFTER_FAILED_FLUSH_MS, now, null, '中转服务写盘失败，稍后重试')
      } catch {
        // Left leased: they are taken up again once the lease lapses.
      }
      throw error
    }
    return jobs
  }

  private claimNow(
    now: number,
    limit: number,
    leaseMs: number,
    maxAttempts: number,
    busy: number[],
    othersLimit: number,
  ): JobRow[] {
    return this.db.transaction(() => {
      this.sql(
        `UPDATE jobs SET status = 'dead', lease_until = NULL, outcome_unknown = 1, updated_at = @now,
           last_error = COALESCE(last_error, '中转服务在执行中中断，已达重试上限')
         WHERE status = 'running' AND lease_until < @now AND attempts >= @maxAttempts
           AND id NOT IN (SELECT value FROM json_each(@busy))`,
      ).run({ now, maxAttempts, busy: JSON.stringify(busy) })
      // Two walks of the due index (status, run_at), neither sorting the backlog: jobs a crash left
      // leased first (marked: their call may have reached WeCom), then pending ones in run_at order.
      const take = (sql: string, n: number) =>
        n <= 0
          ? []
          : (this.sql(
              `UPDATE jobs SET status = 'running', lease_until = @lease, attempts = attempts + 1, updated_at = @now${sql}
               RETURNING id, corp_id, kind, event_seq, state, userid, external_userid, welcome_code, status, attempts, run_at, deadline, payload, created_at, outcome_unknown`,
            ).all({ now, lease: now + leaseMs, limit: n, busy: JSON.stringify(busy) }) as JobRow[])
      const lapsed = take(
        `, outcome_unknown = 1
         WHERE id IN (SELECT id FROM jobs WHERE status = 'running' AND lease_until < @now
                        AND id NOT IN (SELECT value FROM json_each(@busy)) LIMIT @limit)`,
        limit,
      )
      // Welcomes before the rest (their 20 s runs out; tags and remarks can wait), over the partial
      // index jobs_due_welcome (store step 9) — named, since without statistics SQLite walks
      // jobs_due instead and reads every due tagging ahead of the welcomes (484 µs a claim in a burst).
      const welcomes = take(
        `
         WHERE id IN (SELECT id FROM jobs INDEXED BY jobs_due_welcome WHERE status = 'pending' AND kind = 'welcome' AND run_at <= @now
                        AND id NOT IN (SELECT value FROM json_each(@busy)) ORDER BY run_at LIMIT @limit)`,
        limit - lapsed.length,
      )
      const due = take(
        `
         WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' AND run_at <= @now
                        AND id NOT IN (SELECT value FROM json_each(@busy)) ORDER BY run_at LIMIT @limit)`,
        Math.min(limit - lapsed.length - welcomes.length, othersLimit),
      )
      return [...lapsed, ...welcomes, ...due]
    })()
  }

  /** Keeps running jobs leased while their calls are in flight, so no one else takes them. */
  extendLeases(ids: number[], until: number) {
    if (ids.length === 0) return
    this.sql(
      `UPDATE jobs SET lease_until = ? WHERE status = 'running' AND id IN (SELECT value FROM json_each(?))`,
    ).run(until, JSON.stringify(ids))
  }

  finish(
    id: number,
    status: ActionStatus,
    now: number,
    errcode: number | null = null,
    error: string | null = null,
  ) {
    this.recordOutcomes([{ op: 'finish', id, status, at: now, errcode, error }])
  }

  /** What a done job did beyond its kind (migration step 8). */
  setDetail(id: number, detail: string) {
    this.recordOutcomes([{ op: 'detail', id, detail }])
  }

  /** Runs the job again at runAt; `unknown` when this attempt's call may have reached WeCom. */
  retryAt(id: number, runAt: number, now: number, errcode: number | null, error: string, unknown = false) {
    this.recordOutcomes([{ op: 'retry', id, runAt, at: now, errcode, error, unknown }])
  }

  /**
   * Job outcomes as one transaction (see lazily): a tick's outcomes append their pages to the WAL
   * once, where a commit each wrote every touched page of jobs and its indexes again (several MB/s
   * of WAL and as many syncs under a burst).
   */
  recordOutcomes(writes: readonly OutcomeWrite[]) {
    if (writes.length === 0) return
    this.lazily(() => {
      for (const w of writes) this.applyOutcome(w)
    })
  }

  private applyOutcome(w: OutcomeWrite) {
    switch (w.op) {
      case 'finish':
        this.sql(
          'UPDATE jobs SET status = ?, errcode = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ?',
        ).run(w.status, w.errcode, w.error, w.at, w.id)
        return
      case 'detail':
        this.sql('UPDATE jobs SET detail = ? WHERE id = ?').run(w.detail, w.id)
        return
      case 'retry':
        this.sql(
          `UPDATE jobs SET status = 'pending', run_at = ?, errcode = ?, last_error = ?, lease_until = NULL, updated_at = ?,
             outcome_unknown = MAX(outcome_unknown, ?) WHERE id = ?`,
        ).run(w.runAt, w.errcode, w.error, w.at, w.unknown ? 1 : 0, w.id)
        return
      case 'flipFailed':
        this.sql(
          `INSERT INTO skip_state (corp_id, state, wanted, failed_skip, failed_at) VALUES (?, ?, NULL, ?, ?)
           ON CONFLICT (corp_id, state) DO UPDATE SET failed_skip = excluded.failed_skip, failed_at = excluded.failed_at`,
        ).run(w.corpId, w.state, w.skipVerify ? 1 : 0, w.at)
        return
    }
  }

  pendingCount(): number {
    return (
      this.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE status IN ('pending', 'running')`).get() as {
        n: number
      }
    ).n
  }

  // Policies, settings, media, schedule state -----------------------------------------------------

  /**
   * Stores a pushed policy unless the relay already holds a newer version of it (a retried push
   * landing after a later edit's); returns whether it was stored. The desktop has just written the
   * whole way to WeCom with the skip_verify that is right at this moment, so that value is recorded
   * as written: the relay acts only when a schedule edge passes (and must not race the desktop).
   */
  putPolicy(corpId: string, policy: CodePolicy, now: number, skipVerifyNow: boolean): boolean {
    return this.db.transaction(() => {
      const version = policy.version ?? 0
      const stored = this.db
        .prepare('SELECT version FROM policies WHERE corp_id = ? AND state = ?')
        .get(corpId, policy.state) as { version: number } | undefined
      if (stored && stored.version > version) return false
      this.db
        .prepare(
          `INSERT INTO policies (corp_id, state, json, updated_at, version) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (corp_id, state) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at,
             version = excluded.version`,
        )
        .run(corpId, policy.state, JSON.stringify(policy), now, version)
      this.writeFlip(corpId, policy.state, skipVerifyNow)
      this.policyCache.delete(corpId)
      return true
    })()
  }

  deletePolicy(corpId: string, state: string) {
    this.db.prepare('DELETE FROM policies WHERE corp_id = ? AND state = ?').run(corpId, state)
    this.db.prepare('DELETE FROM skip_state WHERE corp_id = ? AND state = ?').run(corpId, state)
    this.policyCache.delete(corpId)
  }

  /** Every policy of the corp, by state, parsed once (see policyCache). */
  private corpPolicies(corpId: string): Map<string, CodePolicy> {
    let policies = this.policyCache.get(corpId)
    if (!policies) {
      const rows = this.sql('SELECT state, json FROM policies WHERE corp_id = ?').all(corpId) as {
        state: string
        json: string
      }[]
      policies = new Map(rows.map((r) => [r.state, JSON.parse(r.json) as CodePolicy]))
      this.policyCache.set(corpId, policies)
    }
    return policies
  }

  policy(corpId: string, state: string): CodePolicy | null {
    return this.corpPolicies(corpId).get(state) ?? null
  }

  hasPolicy(corpId: string, state: string): boolean {
    return this.corpPolicies(corpId).has(state)
  }

  policies(corpId: string): CodePolicy[] {
    return [...this.corpPolicies(corpId).values()]
  }

  putSettings(corpId: string, settings: RelaySettings) {
    this.sql(
      'INSERT INTO settings (corp_id, json) VALUES (?, ?) ON CONFLICT (corp_id) DO UPDATE SET json = excluded.json',
    ).run(corpId, JSON.stringify(settings))
    this.settingsCache.delete(corpId)
  }

  settings(corpId: string): RelaySettings | null {
    if (!this.settingsCache.has(corpId)) {
      const row = this.sql('SELECT json FROM settings WHERE corp_id = ?').get(corpId) as
        { json: string } | undefined
      this.settingsCache.set(corpId, row ? (JSON.parse(row.json) as RelaySettings) : null)
    }
    return this.settingsCache.get(corpId) ?? null
  }

  media(corpId: string, sha256: string): { mediaId: string; createdAt: number } | null {
    const row = this.db
      .prepare('SELECT media_id, created_at FROM media WHERE corp_id = ? AND sha256 = ?')
      .get(corpId, sha256) as { media_id: string; created_at: number } | undefined
    return row ? { mediaId: row.media_id, createdAt: row.created_at } : null
  }

  putMedia(corpId: string, sha256: string, mediaId: string, createdAt: number) {
    this.db
      .prepare(
        'INSERT INTO media (corp_id, sha256, media_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (corp_id, sha256) DO UPDATE SET media_id = excluded.media_id, created_at = excluded.created_at',
      )
      .run(corpId, sha256, mediaId, createdAt)
  }

  /** The skip_verify last written to WeCom for this code, and any value a flip failed to write. */
  skipState(
    corpId: string,
    state: string,
  ): { written: boolean | null; failedSkip: boolean | null; failedAt: number | null } {
    const row = this.db
      .prepare('SELECT wanted, failed_skip, failed_at FROM skip_state WHERE corp_id = ? AND state = ?')
      .get(corpId, state) as
      { wanted: number | null; failed_skip: number | null; failed_at: number | null } | undefined
    const bool = (v: number | null | undefined) => (v === null || v === undefined ? null : v === 1)
    return {
      written: bool(row?.wanted),
      failedSkip: bool(row?.failed_skip),
      failedAt: row?.failed_at ?? null,
    }
  }

  /** Records a skip_verify as written to WeCom by a flip (a job outcome: see lazily). */
  flipWritten(corpId: string, state: string, skipVerify: boolean) {
    this.lazily(() => this.writeFlip(corpId, state, skipVerify))
  }

  /** Records a skip_verify as written to WeCom (by a flip, or by the desktop with its push). */
  private writeFlip(corpId: string, state: string, skipVerify: boolean) {
    this.db
      .prepare(
        `INSERT INTO skip_state (corp_id, state, wanted, failed_skip, failed_at) VALUES (?, ?, ?, NULL, NULL)
         ON CONFLICT (corp_id, state) DO UPDATE SET wanted = excluded.wanted, failed_skip = NULL, failed_at = NULL`,
      )
      .run(corpId, state, skipVerify ? 1 : 0)
  }

  /** A flip gave up (its job is recorded failed): the scheduler tries that value again later. */
  flipFailed(corpId: string, state: string, skipVerify: boolean, at: number) {
    this.recordOutcomes([{ op: 'flipFailed', corpId, state, skipVerify, at }])
  }

  /** Whether a flip for this code is queued or running (one at a time per code). */
  hasOpenFlip(corpId: string, state: string): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM jobs WHERE corp_id = ? AND state = ? AND kind = 'skip_verify' AND status IN ('pending', 'running') LIMIT 1`,
        )
        .get(corpId, state) !== undefined
    )
  }

  close(): Promise<void> {
    this.wal.close()
    this.db.close()
    return Promise.resolve()
  }
}
