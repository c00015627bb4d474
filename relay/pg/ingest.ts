// The group commit on PostgreSQL: a batch of events (with the jobs they call for) and other messages
// in one transaction, resolved after COMMIT (synchronous_commit = on, see db.ts). The rules are
// SQLite's (relay/store.ts ingest): an event or message already stored is a retry (the unique keys
// and INSERT … ON CONFLICT DO NOTHING), the half and the full add of one scan share one tagging and
// one auto remark, a welcome job per welcome code at most. Whether a code has a policy is read here,
// inside the commit, never from a cache: a push answered on another instance a moment ago counts.
// Events are stored unnumbered and numbered per corp after they commit (numbering.ts): a batch of
// deletes takes no lock at all, and only jobs and messages are numbered under the corp's counter row.

import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { CommitResult, IncomingEvent, IncomingMessage, JobRow } from '../storage'
import { CorpCounters } from './counters'
import { rows, transaction } from './db'

/** Same as SQLite's: a second add event of the pair within this window shares the first's tagging. */
const SAME_ADD_WINDOW_MS = 10 * 60_000
const ADD_TYPES = new Set(['add_external_contact', 'add_half_external_contact'])

export interface NewJob {
  corpId: string
  kind: JobRow['kind']
  /** The job's event by global id (events.seq); its per-corp number comes after the commit. */
  eventId: number | null
  state: string
  userid: string
  externalUserid: string
  welcomeCode: string
  runAt: number
  deadline: number | null
  payload: string
  now: number
}

/** Inserts a job numbered from the corp's (locked) counter; false when a unique key already holds it. */
export async function insertJob(
  client: pg.PoolClient,
  counters: CorpCounters,
  job: NewJob,
): Promise<boolean> {
  const inserted = await client.query(
    `INSERT INTO jobs (corp_id, corp_seq, kind, event_id, state, userid, external_userid, welcome_code, status, run_at, deadline, payload, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11, $12, $12) ON CONFLICT DO NOTHING RETURNING id`,
    [
      job.corpId,
      counters.peek(job.corpId, 'job_seq'),
      job.kind,
      job.eventId,
      job.state,
      job.userid,
      job.externalUserid,
      job.welcomeCode,
      job.runAt,
      job.deadline,
      job.payload,
      job.now,
    ],
  )
  if (inserted.rowCount === 0) return false
  counters.take(job.corpId, 'job_seq')
  return true
}

/** Which of the batch's codes have a policy, and whether each writes an auto remark. */
async function codesWithPolicy(
  client: pg.PoolClient,
  events: IncomingEvent[],
): Promise<Map<string, boolean>> {
  const adds = events.filter((e) => ADD_TYPES.has(e.changeType) && e.state)
  if (adds.length === 0) return new Map()
  const found = await rows<{ corp_id: string; state: string; auto_remark: boolean }>(
    client,
    `SELECT p.corp_id, p.state, p.auto_remark FROM policies p
     JOIN unnest($1::text[], $2::text[]) AS w(corp_id, state) ON p.corp_id = w.corp_id AND p.state = w.state`,
    [adds.map((e) => e.corpId), adds.map((e) => e.state)],
  )
  return new Map(found.map((r) => [`${r.corp_id}\u0000${r.state}`, r.auto_remark]))
}

const EVENT_DEDUPE = 'corp_id, event, change_type, userid, external_userid, state, source, create_time'
const prefixed = (alias: string) => EVENT_DEDUPE.replace(/(\w+)/g, `${alias}.$1`)

/**
 * The statement that inserts a batch's new events, unnumbered (relay/pg/numbering.ts numbers them
 * once committed), and returns for each inserted one its place in the batch (ord, from 1) and its
 * global id. A repeat inside the batch is dropped by DISTINCT ON, a retry of a stored one by the
 * NOT EXISTS, and one another instance stores at the same moment by ON CONFLICT on the dedupe key.
 * The ids are drawn in batch order (numbers follow them, so an add and a delete of one customer in
 * one batch keep their order; volatile output is computed after the sort), but rows go in in dedupe
 * key order: two instances storing the same retried events in different orders then wait on each
 * other's keys in one order, never each on the other's (a deadlock PostgreSQL would break by failing
 * one of them after a second).
 */
const EVENTS_INSERT = `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::bigint[])
         WITH ORDINALITY AS t(corp_id, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at, ord)
     ), fresh AS (
       SELECT DISTINCT ON (${EVENT_DEDUPE}) * FROM input i
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE (${prefixed('e')}) = (${prefixed('i')}))
       ORDER BY ${EVENT_DEDUPE}, ord
     ), ided AS MATERIALIZED (
       SELECT f.*, nextval(pg_get_serial_sequence('events', 'seq')) AS id FROM fresh f ORDER BY ord
     ), ins AS (
       INSERT INTO events (seq, corp_id, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at)
       SELECT id, corp_id, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at
       FROM ided ORDER BY ${EVENT_DEDUPE}
       ON CONFLICT DO NOTHING RETURNING seq
     )
     SELECT d.ord, d.id AS seq FROM ided d JOIN ins ON ins.seq = d.id`

type Inserted = { ord: number; seq: number }

/**
 * Inserts the batch's new events in one statement; returns each event's global id, or null for one
 * already stored (a retry, or a repeat inside the batch). No per-corp lock and no number: the events
 * are numbered after they commit, so instances storing one corp's events never wait on each other.
 */
async function insertEvents(
  db: pg.Pool | pg.PoolClient,
  events: IncomingEvent[],
): Promise<(number | null)[]> {
  if (events.length === 0) return []
  const inserted = await rows<Inserted>(db, EVENTS_INSERT, [
    events.map((e) => e.corpId),
    events.map((e) => e.event),
    events.map((e) => e.changeType),
    events.map((e) => e.userid),
    events.map((e) => e.externalUserid),
    events.map((e) => e.state),
    events.map((e) => e.welcomeCode),
    events.map((e) => e.createTime),
    events.map((e) => e.source),
    events.map((e) => e.receivedAt),
  ])
  const ids: (number | null)[] = events.map(() => null)
  for (const r of inserted) ids[Number(r.ord) - 1] = Number(r.seq)
  return ids
}

/** True when no event of the batch can call for a job: nothing to read or number but the events. */
function eventsOnly(events: IncomingEvent[], messages: IncomingMessage[]): boolean {
  return messages.length === 0 && events.every((e) => !(ADD_TYPES.has(e.changeType) && e.state))
}

/**
 * Commits a batch. A batch of events that can call for no job (deletes, adds without a State) is one
 * self-committing statement, whatever corps it spans: one WAL flush, no lock. Otherwise one
 * transaction that locks the counter rows of the corps whose jobs or messages it numbers.
 */
export async function commitBatch(
  pool: pg.Pool,
  events: IncomingEvent[],
  messages: IncomingMessage[],
  welcomeWindowMs: number,
): Promise<CommitResult> {
  if (events.length === 0 && messages.length === 0) return { events: [], messages: [], queuedJobs: false }
  if (eventsOnly(events, messages))
    return {
      events: (await insertEvents(pool, events)).map((id) => id !== null),
      messages: [],
      queuedJobs: false,
    }
  return transaction(pool, async (client) => {
    const counters = await CorpCounters.lock(client, [
      ...events.filter((e) => ADD_TYPES.has(e.changeType) && e.state).map((e) => e.corpId),
      ...messages.map((m) => m.corpId),
    ])
    // Read after the locks: every earlier commit of these corps' jobs is visible by now.
    const policies = await codesWithPolicy(client, events)
    let queuedJobs = false
    const eventIds = await insertEvents(client, events)
    const eventResults = eventIds.map((id) => id !== null)
    for (const [i, e] of events.entries()) {
      const eventId = eventIds[i]
      if (eventId === null || eventId === undefined) continue
      const autoRemark = policies.get(`${e.corpId}\u0000${e.state}`)
      if (!ADD_TYPES.has(e.changeType) || !e.state || autoRemark === undefined) continue
      const base = {
        corpId: e.corpId,
        eventId,
        state: e.state,
        userid: e.userid,
        externalUserid: e.externalUserid,
        now: e.receivedAt,
      }
      if (e.welcomeCode) {
        // The 20 s run from when the customer was added (WeCom's CreateTime), as on SQLite.
        const addedAt = e.addedAt ?? e.receivedAt
        queuedJobs =
          (await insertJob(client, counters, {
            ...base,
            kind: 'welcome',
            welcomeCode: e.welcomeCode,
            runAt: e.receivedAt,
            deadline: Math.min(addedAt, e.receivedAt) + welcomeWindowMs,
            payload: JSON.stringify({ createTime: e.createTime }),
          })) || queuedJobs
      }
      const sharedJob = async (kind: 'tags' | 'remark', runAt: number) => {
        const shared = await rows<{ id: number }>(
          client,
          `SELECT j.id FROM jobs j WHERE j.corp_id = $1 AND j.kind = $2 AND j.userid = $3
             AND j.external_userid = $4 AND j.state = $5
             AND (j.status IN ('pending', 'running') OR (j.status IN ('done', 'skipped') AND j.created_at > $6))
             AND NOT EXISTS (SELECT 1 FROM events d WHERE d.corp_id = j.corp_id AND d.event = 'change_external_contact'
               AND d.change_type IN ('del_follow_user', 'del_external_contact') AND d.userid = j.userid
               AND d.external_userid = j.external_userid AND d.seq > j.event_id)
           ORDER BY j.created_at DESC LIMIT 1`,
          [e.corpId, kind, e.userid, e.externalUserid, e.state, e.receivedAt - SAME_ADD_WINDOW_MS],
        )
        if (shared[0]) {
          // The full add wakes the tagging that waits for the member to confirm (84061).
          if (e.changeType === 'add_external_contact')
            await client.query(`UPDATE jobs SET run_at = $1 WHERE id = $2 AND status = 'pending'`, [
              e.receivedAt,
              shared[0].id,
            ])
        } else {
          queuedJobs =
            (await insertJob(client, counters, {
              ...base,
              kind,
              welcomeCode: '',
              runAt,
              deadline: null,
              payload: '{}',
            })) || queuedJobs
        }
      }
      await sharedJob('tags', e.receivedAt)
      // A remark is never urgent and must not take WeCom calls from welcomes whose 20 s are running.
      if (autoRemark) await sharedJob('remark', e.receivedAt + welcomeWindowMs)
    }
    const messageResults: boolean[] = []
    for (const m of messages) {
      const inserted = await client.query(
        `INSERT INTO messages (corp_id, corp_seq, msg_type, event, change_type, create_time, received_at, digest, xml)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
        [
          m.corpId,
          counters.peek(m.corpId, 'message_seq'),
          m.msgType,
          m.event,
          m.changeType,
          m.createTime,
          m.receivedAt,
          createHash('sha256').update(m.xml).digest('hex'),
          m.xml,
        ],
      )
      if (inserted.rowCount === 0) messageResults.push(false)
      else {
        counters.take(m.corpId, 'message_seq')
        messageResults.push(true)
      }
    }
    await counters.save()
    return { events: eventResults, messages: messageResults, queuedJobs }
  })
}
