// Smart routing's tables on PostgreSQL (SQLite: relay/routing/routing-store.ts). The routing log is
// numbered from the corp's counter row (counters.ts), so its cursor cannot be reordered either.
// Profiles are small and pushed rarely: read from the database each time, so a push on another
// instance counts at once.

import type pg from 'pg'
import type { MemberRouting, RoutingLogEntry, RoutingReason } from '../../common/routing'
import type {
  AddEventRow,
  AddRow,
  ContactMessageRow,
  RoutedCode,
  RoutingLogInput,
  RoutingStorage,
} from '../storage'
import { CorpCounters } from './counters'
import { one, rows, transaction } from './db'
import { numberEvents } from './numbering'

async function writeLog(client: pg.PoolClient, corpId: string, entry: RoutingLogInput) {
  const counters = await CorpCounters.lock(client, [corpId])
  const seq = counters.take(corpId, 'routing_seq')
  await client.query(
    `INSERT INTO routing_log (corp_id, corp_seq, state, at, reason, before, after, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      corpId,
      seq,
      entry.state,
      entry.at,
      entry.reason,
      JSON.stringify(entry.before),
      JSON.stringify(entry.after),
      entry.detail,
    ],
  )
  await counters.save()
}

export function routingStore(pool: pg.Pool): RoutingStorage {
  return {
    async putProfiles(corpId: string, members: MemberRouting[]) {
      await transaction(pool, async (client) => {
        await client.query('DELETE FROM routing_members WHERE corp_id = $1', [corpId])
        if (members.length > 0)
          await client.query(
            'INSERT INTO routing_members (corp_id, userid, json) SELECT $1, u, j FROM unnest($2::text[], $3::text[]) AS m(u, j)',
            [corpId, members.map((m) => m.userid), members.map((m) => JSON.stringify(m))],
          )
      })
    },

    async profiles(corpId: string) {
      const found = await rows<{ json: string }>(
        pool,
        'SELECT json FROM routing_members WHERE corp_id = $1 ORDER BY userid',
        [corpId],
      )
      return new Map(found.map((r) => JSON.parse(r.json) as MemberRouting).map((m) => [m.userid, m]))
    },

    async departed(corpId: string) {
      const found = await rows<{ userid: string }>(
        pool,
        'SELECT userid FROM routing_departed WHERE corp_id = $1',
        [corpId],
      )
      return new Set(found.map((r) => r.userid))
    },

    async markDeparted(corpId: string, userid: string, at: number, reason: string) {
      const inserted = await pool.query(
        'INSERT INTO routing_departed (corp_id, userid, at, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [corpId, userid, at, reason],
      )
      return (inserted.rowCount ?? 0) > 0
    },

    async reinstate(corpId: string, userid: string) {
      await pool.query('DELETE FROM routing_departed WHERE corp_id = $1 AND userid = $2', [corpId, userid])
    },

    async code(corpId: string, state: string): Promise<RoutedCode> {
      const row = await one<{
        users: string | null
        policy_version: number | null
        eligible: string
        alert: string | null
      }>(
        pool,
        'SELECT users, policy_version, eligible, alert FROM routing_codes WHERE corp_id = $1 AND state = $2',
        [corpId, state],
      )
      if (!row) return { users: null, policyVersion: null, eligible: [], alert: null }
      return {
        users: row.users === null ? null : (JSON.parse(row.users) as string[]),
        policyVersion: row.policy_version,
        eligible: JSON.parse(row.eligible) as string[],
        alert: row.alert,
      }
    },

    async putCode(corpId: string, state: string, code: RoutedCode, at: number, log?: RoutingLogInput) {
      await transaction(pool, async (client) => {
        await client.query(
          `INSERT INTO routing_codes (corp_id, state, users, policy_version, eligible, alert, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (corp_id, state) DO UPDATE SET users = excluded.users, policy_version = excluded.policy_version,
             eligible = excluded.eligible, alert = excluded.alert, updated_at = excluded.updated_at`,
          [
            corpId,
            state,
            code.users === null ? null : JSON.stringify(code.users),
            code.policyVersion,
            JSON.stringify(code.eligible),
            code.alert,
            at,
          ],
        )
        if (log) await writeLog(client, corpId, log)
      })
    },

    async dropCode(corpId: string, state: string) {
      await pool.query('DELETE FROM routing_codes WHERE corp_id = $1 AND state = $2', [corpId, state])
    },

    alerts: (corpId: string) =>
      rows<{ state: string; alert: string }>(
        pool,
        'SELECT state, alert FROM routing_codes WHERE corp_id = $1 AND alert IS NOT NULL ORDER BY state',
        [corpId],
      ),

    async addAdds(corpId: string, adds: AddRow[]) {
      if (adds.length === 0) return 0
      const inserted = await pool.query(
        `INSERT INTO routing_adds (corp_id, day, userid, external_userid, state, at)
         SELECT $1, d, u, x, s, a FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS t(d, u, x, s, a)
         ON CONFLICT DO NOTHING`,
        [
          corpId,
          adds.map((a) => a.day),
          adds.map((a) => a.userid),
          adds.map((a) => a.externalUserid),
          adds.map((a) => a.state),
          adds.map((a) => a.at),
        ],
      )
      return inserted.rowCount ?? 0
    },

    addsOn: (corpId: string, day: string) =>
      rows<{ userid: string; state: string; n: number }>(
        pool,
        'SELECT userid, state, count(*) AS n FROM routing_adds WHERE corp_id = $1 AND day = $2 GROUP BY userid, state ORDER BY userid, state',
        [corpId, day],
      ),

    log: (corpId: string, entry: RoutingLogInput) =>
      transaction(pool, (client) => writeLog(client, corpId, entry)),

    async logAfter(corpId: string, after: number, limit: number): Promise<RoutingLogEntry[]> {
      const found = await rows<{
        id: number
        state: string
        at: number
        reason: RoutingReason
        before: string
        after: string
        detail: string
      }>(
        pool,
        `SELECT corp_seq AS id, state, at, reason, before, after, detail FROM routing_log
         WHERE corp_id = $1 AND corp_seq > $2 ORDER BY corp_seq LIMIT $3`,
        [corpId, after, limit],
      )
      return found.map((r) => ({
        ...r,
        before: JSON.parse(r.before) as string[],
        after: JSON.parse(r.after) as string[],
      }))
    },

    async cursor(corpId: string) {
      const row = await one<{ event_seq: number; message_id: number }>(
        pool,
        'SELECT event_seq, message_id FROM routing_cursor WHERE corp_id = $1',
        [corpId],
      )
      return { eventSeq: row?.event_seq ?? 0, messageId: row?.message_id ?? 0 }
    },

    async setCursor(corpId: string, eventSeq: number, messageId: number) {
      await pool.query(
        `INSERT INTO routing_cursor (corp_id, event_seq, message_id) VALUES ($1, $2, $3)
         ON CONFLICT (corp_id) DO UPDATE SET event_seq = excluded.event_seq, message_id = excluded.message_id`,
        [corpId, eventSeq, messageId],
      )
    },

    async addEvents(corpId: string, after: number, limit: number) {
      await numberEvents(pool, corpId)
      return rows<AddEventRow>(
        pool,
        `SELECT corp_seq AS seq, change_type, userid, external_userid, state, received_at FROM events
         WHERE corp_id = $1 AND corp_seq > $2 ORDER BY corp_seq LIMIT $3`,
        [corpId, after, limit],
      )
    },

    /** change_contact messages after the cursor, by the corp's own message number. */
    contactMessages: (corpId: string, after: number, limit: number) =>
      rows<ContactMessageRow>(
        pool,
        `SELECT corp_seq AS id, change_type, xml FROM messages WHERE corp_id = $1 AND corp_seq > $2 AND event = 'change_contact'
         ORDER BY corp_seq LIMIT $3`,
        [corpId, after, limit],
      ),

    async lastMessageId(corpId: string) {
      return (
        (
          await one<{ n: number }>(
            pool,
            'SELECT COALESCE(MAX(corp_seq), 0) AS n FROM messages WHERE corp_id = $1',
            [corpId],
          )
        )?.n ?? 0
      )
    },
  }
}
