// The job queue on PostgreSQL, shared by every instance: claims take rows with FOR UPDATE SKIP LOCKED
// and a lease (as River and graphile-worker do), so two instances never claim the same job, and one
// that dies mid-call leaves a lease that lapses and is claimed by another, marked outcome_unknown.
// The order is SQLite's (relay/store.ts claim): lapsed leases first, then due welcomes (their 20 s run
// out), then the rest by run_at.

import type pg from 'pg'
import type { ActionOutcome, RelayEvent } from '../../common/relay-api'
import type { JobRow, OutcomeWrite } from '../storage'
import { CorpCounters } from './counters'
import { one, rows, transaction } from './db'
import { insertJob } from './ingest'
import { numberEvents } from './numbering'
import { applyOutcome, recordOutcomes } from './outcomes'
import { pausedAfterFailure } from '../flip-pause'
import { skipStateOf } from './policies'

const JOB_COLUMNS = `j.id, j.corp_id, j.kind, j.event_seq, j.state, j.userid, j.external_userid, j.welcome_code,
  j.status, j.attempts, j.run_at, j.deadline, j.payload, j.created_at, j.outcome_unknown`

const byRunAt = (a: JobRow, b: JobRow) => a.run_at - b.run_at || a.id - b.id

export function jobQueue(pool: pg.Pool) {
  return {
    async claim(
      now: number,
      limit: number,
      leaseMs: number,
      maxAttempts: number,
      busy: number[] = [],
      othersLimit = Infinity,
    ) {
      return transaction(pool, async (client) => {
        await client.query(
          `UPDATE jobs SET status = 'dead', lease_until = NULL, outcome_unknown = 1, updated_at = $1,
             last_error = COALESCE(last_error, '中转服务在执行中中断，已达重试上限')
           WHERE id IN (SELECT id FROM jobs WHERE status = 'running' AND lease_until < $1 AND attempts >= $2
                          AND NOT (id = ANY($3::bigint[])) FOR UPDATE SKIP LOCKED)`,
          [now, maxAttempts, busy],
        )
        // SKIP LOCKED: a row another instance is claiming right now is passed over, not waited for;
        // one it claimed and committed no longer matches (PostgreSQL re-checks a locked row's WHERE).
        const take = async (set: string, where: string, order: string, n: number) =>
          n <= 0
            ? []
            : await rows<JobRow>(
                client,
                `UPDATE jobs j SET status = 'running', lease_until = $2, attempts = j.attempts + 1, updated_at = $1${set}
                 FROM (SELECT id FROM jobs WHERE ${where} AND NOT (id = ANY($3::bigint[]))
                       ORDER BY ${order} LIMIT $4 FOR UPDATE SKIP LOCKED) picked
                 WHERE j.id = picked.id RETURNING ${JOB_COLUMNS}`,
                [now, now + leaseMs, busy, n],
              )
        const lapsed = await take(
          ', outcome_unknown = 1',
          `status = 'running' AND lease_until < $1`,
          'lease_until',
          limit,
        )
        const welcomes = await take(
          '',
          `status = 'pending' AND kind = 'welcome' AND run_at <= $1`,
          'run_at',
          limit - lapsed.length,
        )
        const due = await take(
          '',
          `status = 'pending' AND run_at <= $1`,
          'run_at',
          Math.min(limit - lapsed.length - welcomes.length, othersLimit),
        )
        return [...lapsed.sort(byRunAt), ...welcomes.sort(byRunAt), ...due.sort(byRunAt)]
      })
    },

    async extendLeases(ids: number[], until: number) {
      if (ids.length === 0) return
      await pool.query(
        `UPDATE jobs SET lease_until = $1 WHERE status = 'running' AND id = ANY($2::bigint[])`,
        [until, ids],
      )
    },

    async finish(
      id: number,
      status: ActionOutcome['status'],
      now: number,
      errcode: number | null = null,
      error: string | null = null,
    ) {
      await applyOutcome(pool, { op: 'finish', id, status, at: now, errcode, error })
    },

    async setDetail(id: number, detail: string) {
      await applyOutcome(pool, { op: 'detail', id, detail })
    },

    async retryAt(
      id: number,
      runAt: number,
      now: number,
      errcode: number | null,
      error: string,
      unknown = false,
    ) {
      await applyOutcome(pool, { op: 'retry', id, runAt, at: now, errcode, error, unknown })
    },

    recordOutcomes: (writes: readonly OutcomeWrite[]) => recordOutcomes(pool, writes),

    async pendingCount() {
      const row = await one<{ n: number }>(
        pool,
        `SELECT count(*) AS n FROM jobs WHERE status IN ('pending', 'running')`,
      )
      return row?.n ?? 0
    },

    /** One transaction under the corp's counter lock, so two instances cannot both queue a flip. */
    async enqueueFlipUnlessOpen(
      corpId: string,
      state: string,
      skipVerify: boolean,
      now: number,
      pauseMs?: number,
    ) {
      return transaction(pool, async (client) => {
        const counters = await CorpCounters.lock(client, [corpId])
        if (await openFlip(client, corpId, state)) return false
        // A later statement than the one that saw the flip closed: it sees the pause committed with
        // that close (READ COMMITTED takes a new snapshot per statement).
        if (
          pauseMs !== undefined &&
          pausedAfterFailure(await skipStateOf(client, corpId, state), skipVerify, now, pauseMs)
        )
          return false
        const queued = await insertJob(client, counters, {
          corpId,
          kind: 'skip_verify',
          eventId: null,
          state,
          userid: '',
          externalUserid: '',
          welcomeCode: '',
          runAt: now,
          deadline: null,
          payload: JSON.stringify({ skipVerify }),
          now,
        })
        await counters.save()
        return queued
      })
    },

    hasOpenFlip: (corpId: string, state: string) => openFlip(pool, corpId, state),
  }
}

async function openFlip(db: pg.Pool | pg.PoolClient, corpId: string, state: string): Promise<boolean> {
  const row = await one(
    db,
    `SELECT 1 FROM jobs WHERE corp_id = $1 AND state = $2 AND kind = 'skip_verify' AND status IN ('pending', 'running') LIMIT 1`,
    [corpId, state],
  )
  return row !== null
}

/** The desktop API's reads of the event log, the jobs' outcomes and the other messages. */
export function logReads(pool: pg.Pool) {
  return {
    async events(corpId: string, after: number, limit: number): Promise<RelayEvent[]> {
      await numberEvents(pool, corpId)
      const found = await rows<{
        seq: number
        event: string
        change_type: string
        userid: string
        external_userid: string
        state: string
        create_time: number
        received_at: number
        source: string
      }>(
        pool,
        `SELECT corp_seq AS seq, event, change_type, userid, external_userid, state, create_time, received_at, source
         FROM events WHERE corp_id = $1 AND corp_seq > $2 ORDER BY corp_seq LIMIT $3`,
        [corpId, after, limit],
      )
      return found.map((r) => ({
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
    },

    async lastEventAt(corpId: string): Promise<number | null> {
      const row = await one<{ at: number }>(
        pool,
        'SELECT received_at AS at FROM events WHERE corp_id = $1 ORDER BY seq DESC LIMIT 1',
        [corpId],
      )
      return row?.at ?? null
    },

    async actions(corpId: string, after: number, limit: number, allKinds = true): Promise<ActionOutcome[]> {
      // A job's event number is the event's, given after commit: numbered first, then read through.
      await numberEvents(pool, corpId)
      const found = await rows<{
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
      }>(
        pool,
        `SELECT j.corp_seq AS id, COALESCE(e.corp_seq, j.event_seq) AS event_seq, j.kind, j.state, j.userid, j.external_userid,
           j.status, j.attempts, j.errcode, j.last_error, j.updated_at, j.detail
         FROM jobs j LEFT JOIN events e ON e.seq = j.event_id
         WHERE j.corp_id = $1 AND j.corp_seq > $2 AND ($3 OR j.kind IN ('welcome', 'tags', 'skip_verify'))
         ORDER BY j.corp_seq LIMIT $4`,
        [corpId, after, allKinds, limit],
      )
      return found.map((r) => ({
        id: r.id,
        eventSeq: r.event_seq,
        kind: r.kind,
        state: r.state,
        userid: r.userid,
        externalUserid: r.external_userid,
        status: (r.status === 'running' ? 'pending' : r.status) as ActionOutcome['status'],
        attempts: r.attempts,
        errcode: r.errcode,
        lastError: r.last_error,
        updatedAt: r.updated_at,
        detail: r.detail,
      }))
    },

    async pruneMessages(before: number): Promise<number> {
      return (await pool.query('DELETE FROM messages WHERE received_at < $1', [before])).rowCount ?? 0
    },

    async otherMessageCount(corpId: string): Promise<number> {
      return (
        (await one<{ n: number }>(pool, 'SELECT count(*) AS n FROM messages WHERE corp_id = $1', [corpId]))
          ?.n ?? 0
      )
    },
  }
}
