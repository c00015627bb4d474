// What the desktop keeps of the relay's own records: the outcome of each job it ran (welcome, tags,
// auto-accept), the tags the app applied itself when the relay missed an add, and the relay's
// outages. The customer list and the statistics drawer read these; reconcile decides repairs by them.

import type { ActionOutcome } from '../../../common/relay-api'
import type { RelayGap } from '../../../common/domain'
import type { Sql } from '../sql'

export interface TagRepair {
  codeId: number
  externalUserid: string
  memberUserid: string
  tagIds: string[]
  status: 'done' | 'failed'
  errcode: number | null
  message: string | null
  at: number
}

export interface RelayRecordsRepo {
  /** Stores or updates the relay's job outcomes (the relay's id is the key). */
  upsertActions(actions: ActionOutcome[]): void
  /** Whether the relay applied the code's tags to this relation (its latest tags job is done). */
  relayTagged(state: string, userid: string, externalUserid: string): boolean
  tagRepair(codeId: number, externalUserid: string, memberUserid: string): TagRepair | null
  recordTagRepair(repair: TagRepair): void
  replaceGaps(gaps: RelayGap[]): void
  /** Outages that ended after `since`, newest first. */
  gapsSince(since: number): RelayGap[]
  /** A different relay numbers its jobs from 1 again: forget what the old one said. */
  clearRelayState(): void
}

export function createRelayRecordsRepo(sql: Sql): RelayRecordsRepo {
  return {
    upsertActions(actions) {
      sql.tx(() => {
        for (const a of actions) {
          sql.run(
            `INSERT INTO relay_actions (id, kind, state, userid, external_userid, status, attempts, errcode,
               last_error, event_seq, updated_at, detail)
             VALUES (@id, @kind, @state, @userid, @externalUserid, @status, @attempts, @errcode, @lastError,
               @eventSeq, @updatedAt, @detail)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
               errcode = excluded.errcode, last_error = excluded.last_error, updated_at = excluded.updated_at,
               detail = excluded.detail`,
            {
              id: a.id,
              kind: a.kind,
              state: a.state,
              userid: a.userid,
              externalUserid: a.externalUserid,
              status: a.status,
              attempts: a.attempts,
              errcode: a.errcode,
              lastError: a.lastError,
              eventSeq: a.eventSeq,
              updatedAt: a.updatedAt,
              detail: a.detail ?? null,
            },
          )
        }
      })
    },

    relayTagged(state, userid, externalUserid) {
      const row = sql.one<{ status: string }>(
        `SELECT status FROM relay_actions
         WHERE state = ? AND userid = ? AND external_userid = ? AND kind = 'tags'
         ORDER BY id DESC LIMIT 1`,
        [state, userid, externalUserid],
      )
      return row?.status === 'done'
    },

    tagRepair(codeId, externalUserid, memberUserid) {
      const row = sql.one<{
        tag_ids: string
        status: 'done' | 'failed'
        errcode: number | null
        message: string | null
        at: number
      }>('SELECT * FROM tag_repairs WHERE code_id = ? AND external_userid = ? AND member_userid = ?', [
        codeId,
        externalUserid,
        memberUserid,
      ])
      if (!row) return null
      return {
        codeId,
        externalUserid,
        memberUserid,
        tagIds: JSON.parse(row.tag_ids) as string[],
        status: row.status,
        errcode: row.errcode,
        message: row.message,
        at: row.at,
      }
    },

    recordTagRepair(r) {
      sql.run(
        `INSERT INTO tag_repairs (code_id, external_userid, member_userid, tag_ids, status, errcode, message, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (code_id, external_userid, member_userid) DO UPDATE SET tag_ids = excluded.tag_ids,
           status = excluded.status, errcode = excluded.errcode, message = excluded.message, at = excluded.at`,
        [
          r.codeId,
          r.externalUserid,
          r.memberUserid,
          JSON.stringify(r.tagIds),
          r.status,
          r.errcode,
          r.message,
          r.at,
        ],
      )
    },

    replaceGaps(gaps) {
      sql.tx(() => {
        sql.run('DELETE FROM relay_gaps')
        for (const g of gaps) {
          sql.run('INSERT OR REPLACE INTO relay_gaps (from_at, to_at) VALUES (?, ?)', [g.from, g.to])
        }
      })
    },

    gapsSince: (since) =>
      sql
        .all<{ from_at: number; to_at: number }>(
          'SELECT from_at, to_at FROM relay_gaps WHERE to_at > ? ORDER BY from_at DESC',
          [since],
        )
        .map((g) => ({ from: g.from_at, to: g.to_at })),

    clearRelayState() {
      sql.tx(() => {
        sql.run('DELETE FROM relay_actions')
        sql.run('DELETE FROM relay_gaps')
      })
    },
  }
}
