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

export async function commitBatch(
  pool: pg.Pool,
  events: IncomingEvent[],
  messages: IncomingMessage[],
  welcomeWindowMs: number,
): Promise<CommitResult> {
  if (events.length === 0 && messages.length === 0) return { events: [], messages: [], queuedJobs: false }
  return transaction(pool, async (client) => {
    const counters = await CorpCounters.lock(client, [
      ...events.map((e) => e.corpId),
      ...messages.map((m) => m.corpId),
    ])
    // Read after the locks: every earlier commit of these corps is visible by now.
    const policies = await codesWithPolicy(client, events)
    let queuedJobs = false
    const eventResults: boolean[] = []
    for (const e of events) {
      const inserted = await client.query(
        `INSERT INTO events (corp_id, corp_seq, event, change_type, userid, external_userid, state, welcome_code, create_time, source, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING seq`,
        [
          e.corpId,
          counters.peek(e.corpId, 'event_seq'),
          e.event,
          e.changeType,
          e.userid,
          e.externalUserid,
          e.state,
          e.welcomeCode,
          e.createTime,
          e.source,
          e.receivedAt,
        ],
      )
      if (inserted.rowCount === 0) {
        eventResults.push(false)
        continue
      }
      const eventSeq = counters.take(e.corpId, 'event_seq')
      eventResults.push(true)
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
}
