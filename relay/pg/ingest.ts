// The group commit on PostgreSQL: a batch of events (with the jobs they call for) and other messages
// in one transaction, resolved after COMMIT (synchronous_commit = on, see db.ts). The rules are
// SQLite's (relay/store.ts ingest): an event or message already stored is a retry (the unique keys
// and INSERT … ON CONFLICT DO NOTHING), the half and the full add of one scan share one tagging and
// one auto remark, a welcome job per welcome code at most. Whether a code has a policy is read here,
// inside the commit, never from a cache: a push answered on another instance a moment ago counts.

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
  eventSeq: number | null
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
    `INSERT INTO jobs (corp_id, corp_seq, kind, event_seq, state, userid, external_userid, welcome_code, status, run_at, deadline, payload, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11, $12, $12) ON CONFLICT DO NOTHING RETURNING id`,
    [
      job.corpId,
      counters.peek(job.corpId, 'job_seq'),
      job.kind,
      job.eventSeq,
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
 * The statement that inserts a batch's new events, numbered in batch order from each corp's counter
 * (`base`: a relation of corp_id and the number before the batch's first), and returns for each
 * inserted one its place in the batch (ord, from 1) and number. `afterFresh` adds CTEs between the
 * new events (`fresh`) and their numbering.
 */
function eventsInsertSql(base: string, afterFresh = ''): string {
  return `input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::bigint[])
         WITH ORDINALITY AS t(corp_id, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at, ord)
     ), fresh AS (
       SELECT DISTINCT ON (${EVENT_DEDUPE}) * FROM input i
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE (${prefixed('e')}) = (${prefixed('i')}))
       ORDER BY ${EVENT_DEDUPE}, ord
     )${afterFresh}, numbered AS (
       SELECT f.*, b.base + row_number() OVER (PARTITION BY f.corp_id ORDER BY f.ord) AS corp_seq
       FROM fresh f JOIN ${base} ON b.corp_id = f.corp_id
     ), ins AS (
       INSERT INTO events (corp_id, corp_seq, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at)
       SELECT corp_id, corp_seq, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at
       FROM numbered ORDER BY corp_id, corp_seq
       ON CONFLICT DO NOTHING RETURNING corp_id, corp_seq
     )
     SELECT n.ord, n.corp_id, n.corp_seq FROM numbered n JOIN ins ON ins.corp_id = n.corp_id AND ins.corp_seq = n.corp_seq`
}

const eventColumns = (events: IncomingEvent[]) => [
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
]

type Inserted = { ord: number; corp_id: string; corp_seq: number }

/** Each event's number from the statement's rows, or null for one not inserted. */
function numbersOf(events: IncomingEvent[], inserted: Inserted[]): (number | null)[] {
  const seqs: (number | null)[] = events.map(() => null)
  for (const r of inserted) seqs[r.ord - 1] = r.corp_seq
  return seqs
}

/**
 * Inserts the batch's new events in one statement under the counters the transaction locked;
 * returns each event's number, or null for one already stored (a retry, or a repeat inside the
 * batch). One statement rather than one per event: the corp's counter row is locked until COMMIT,
 * and every round trip taken under it is time another instance's batch waits.
 */
async function insertEvents(
  client: pg.PoolClient,
  counters: CorpCounters,
  events: IncomingEvent[],
): Promise<(number | null)[]> {
  if (events.length === 0) return []
  const corps = [...new Set(events.map((e) => e.corpId))]
  const inserted = await rows<Inserted>(
    client,
    `WITH ${eventsInsertSql('unnest($11::text[], $12::bigint[]) AS b(corp_id, base)')}`,
    [...eventColumns(events), corps, corps.map((c) => counters.peek(c, 'event_seq') - 1)],
  )
  const top = new Map<string, number>()
  for (const r of inserted) top.set(r.corp_id, Math.max(top.get(r.corp_id) ?? 0, r.corp_seq))
  // Under the lock nothing else numbers these corps, so the highest number is the count taken.
  for (const [corpId, max] of top)
    counters.takeMany(corpId, 'event_seq', max - (counters.peek(corpId, 'event_seq') - 1))
  return numbersOf(events, inserted)
}

/**
 * A batch of events that can call for no job (no add with a State) and no other message, committed
 * as ONE statement in its own implicit transaction, whatever corps it spans: it locks the batch's
 * counter rows in corp order (`locked`: the LockRows step sits above the sort, so two instances'
 * statements take shared rows in the same order and cannot deadlock), moves each corp's counter by
 * its count of new events with `UPDATE … RETURNING` (waiting on another writer, it re-reads the row
 * that writer committed: the classic safe increment), inserts the events numbered after each
 * counter's old value, and the server commits before it answers. One commit per batch, not one per
 * corp: a relay serving many corps spreads a batch over many of them, and each commit is a WAL flush
 * (16 corps made 16). No round trip of ours happens while the locks are held, so instances ingesting
 * the same corps overlap all but the server's own work. The statement's snapshot is taken before the
 * locks are granted, so an event another instance stored meanwhile still counts as new; ON CONFLICT
 * then skips it (a retry, answered as one) and its number stays unused: numbers stay in commit
 * order, with a rare gap. Only for corps whose counter row exists (`counted`): without one the
 * UPDATE finds nothing and the events would be dropped.
 */
async function commitEventsAlone(pool: pg.Pool, events: IncomingEvent[]): Promise<CommitResult> {
  const corps = [...new Set(events.map((e) => e.corpId))].sort()
  const inserted = await rows<Inserted>(
    pool,
    `WITH ${eventsInsertSql(
      'b',
      `, locked AS MATERIALIZED (
           SELECT corp_id FROM corp_counters WHERE corp_id = ANY($11::text[]) ORDER BY corp_id FOR UPDATE
         ), counts AS (
           SELECT l.corp_id, (SELECT count(*) FROM fresh f WHERE f.corp_id = l.corp_id) AS n FROM locked l
         ), b AS (
           UPDATE corp_counters c SET event_seq = c.event_seq + counts.n FROM counts
           WHERE c.corp_id = counts.corp_id AND counts.n > 0
           RETURNING c.corp_id, c.event_seq - counts.n AS base
         )`,
    )}`,
    [...eventColumns(events), corps],
  )
  const results: boolean[] = events.map(() => false)
  for (const r of inserted) results[r.ord - 1] = true
  return { events: results, messages: [], queuedJobs: false }
}

/** True when no event of the batch can call for a job: nothing to read or number but the events. */
function eventsOnly(events: IncomingEvent[], messages: IncomingMessage[]): boolean {
  return messages.length === 0 && events.every((e) => !(ADD_TYPES.has(e.changeType) && e.state))
}

/**
 * Commits a batch. `counted` is this process's set of corps whose counter row is known to exist
 * (rows are never deleted); the first batch of a corp takes the transaction path, which creates it.
 */
export async function commitBatch(
  pool: pg.Pool,
  counted: Set<string>,
  events: IncomingEvent[],
  messages: IncomingMessage[],
  welcomeWindowMs: number,
): Promise<CommitResult> {
  if (events.length === 0 && messages.length === 0) return { events: [], messages: [], queuedJobs: false }
  if (eventsOnly(events, messages) && events.every((e) => counted.has(e.corpId)))
    return commitEventsAlone(pool, events)
  const result = await transaction(pool, async (client) => {
    const counters = await CorpCounters.lock(client, [
      ...events.map((e) => e.corpId),
      ...messages.map((m) => m.corpId),
    ])
    // Read after the locks: every earlier commit of these corps is visible by now.
    const policies = await codesWithPolicy(client, events)
    let queuedJobs = false
    const eventSeqs = await insertEvents(client, counters, events)
    const eventResults = eventSeqs.map((seq) => seq !== null)
    for (const [i, e] of events.entries()) {
      const eventSeq = eventSeqs[i]
      if (eventSeq === null || eventSeq === undefined) continue
      const autoRemark = policies.get(`${e.corpId}\u0000${e.state}`)
      if (!ADD_TYPES.has(e.changeType) || !e.state || autoRemark === undefined) continue
      const base = {
        corpId: e.corpId,
        eventSeq,
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
               AND d.external_userid = j.external_userid AND d.corp_seq > j.event_seq)
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
  for (const e of events) counted.add(e.corpId)
  for (const m of messages) counted.add(m.corpId)
  return result
}
