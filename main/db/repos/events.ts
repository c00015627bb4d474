// Raw events pulled from the relay, kept until applied (and after, for support). The relay's seq is
// the key, so pulling an overlapping page twice stores each event once.

import type { RelayEvent } from '../../../common/relay-api'
import type { Sql } from '../sql'

export interface StoredEvent extends RelayEvent {
  appliedAt: number | null
}

export interface EventsRepo {
  /** Returns how many were new. */
  insertMany(events: RelayEvent[]): number
  listUnapplied(limit?: number): StoredEvent[]
  markApplied(seqs: number[], at: number): void
  maxSeq(): number
  /** For a new relay (its seq starts over): forget what the old one sent. */
  clear(): void
}

const COLUMNS = `seq, event, change_type AS changeType, userid, external_userid AS externalUserid, state,
  create_time AS createTime, received_at AS receivedAt, source, applied_at AS appliedAt`

export function createEventsRepo(sql: Sql): EventsRepo {
  return {
    insertMany(events) {
      return sql.tx(() => {
        let inserted = 0
        for (const e of events) {
          inserted += sql.run(
            `INSERT INTO raw_events (seq, event, change_type, userid, external_userid, state, create_time,
              source, received_at)
             VALUES (@seq, @event, @changeType, @userid, @externalUserid, @state, @createTime, @source, @receivedAt)
             ON CONFLICT (seq) DO NOTHING`,
            {
              seq: e.seq,
              event: e.event,
              changeType: e.changeType,
              userid: e.userid,
              externalUserid: e.externalUserid,
              state: e.state,
              createTime: e.createTime,
              source: e.source,
              receivedAt: e.receivedAt,
            },
          ).changes
        }
        return inserted
      })
    },
    listUnapplied: (limit = 500) =>
      sql.all<StoredEvent>(
        `SELECT ${COLUMNS} FROM raw_events WHERE applied_at IS NULL ORDER BY seq LIMIT ?`,
        [limit],
      ),
    markApplied(seqs, at) {
      sql.run('UPDATE raw_events SET applied_at = ? WHERE seq IN (SELECT value FROM json_each(?))', [
        at,
        JSON.stringify(seqs),
      ])
    },
    maxSeq: () => sql.one<{ s: number | null }>('SELECT max(seq) AS s FROM raw_events')?.s ?? 0,
    clear() {
      sql.run('DELETE FROM raw_events')
    },
  }
}
