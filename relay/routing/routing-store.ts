// Smart routing's tables (migration 7) over the relay store's connection: member profiles, departures,
// each code's written list and 路由告警, the adds counted per workspace day, the routing log and the
// router's cursors. Nothing here touches the policies table: re-points never change a policy.

import type Database from 'better-sqlite3'
import type { MemberRouting, RoutingLogEntry, RoutingReason } from '../../common/routing'
import type {
  AddEventRow,
  AddRow,
  ContactMessageRow,
  RoutedCode,
  RoutingLogInput,
  RoutingStorage,
} from '../storage'

export type { AddRow, RoutedCode } from '../storage'

export class RoutingStore implements RoutingStorage {
  private readonly statements = new Map<string, Database.Statement>()
  /** Profiles per corp, parsed once and dropped on every push. */
  private readonly profileCache = new Map<string, Map<string, MemberRouting>>()

  /**
   * `counted` commits the add counts and the cursor: they are derived from the events and recounted
   * from the cursor after a crash (a pair is counted once a day, so a recount adds nothing twice), so
   * the relay store commits them without the in-COMMIT fsync, off the event loop (wal-sync.ts), not
   * one fsync per add.
   */
  constructor(
    readonly db: Database.Database,
    private readonly counted: <T>(write: () => T) => T = (write) => this.db.transaction(write)(),
  ) {}

  private sql(text: string): Database.Statement {
    let s = this.statements.get(text)
    if (!s) {
      s = this.db.prepare(text)
      this.statements.set(text, s)
    }
    return s
  }

  putProfiles(corpId: string, members: MemberRouting[]) {
    this.db.transaction(() => {
      this.sql('DELETE FROM routing_members WHERE corp_id = ?').run(corpId)
      const insert = this.sql('INSERT INTO routing_members (corp_id, userid, json) VALUES (?, ?, ?)')
      for (const m of members) insert.run(corpId, m.userid, JSON.stringify(m))
    })()
    this.profileCache.delete(corpId)
  }

  profiles(corpId: string): Map<string, MemberRouting> {
    let found = this.profileCache.get(corpId)
    if (!found) {
      const rows = this.sql('SELECT json FROM routing_members WHERE corp_id = ?').all(corpId) as {
        json: string
      }[]
      found = new Map(rows.map((r) => JSON.parse(r.json) as MemberRouting).map((m) => [m.userid, m]))
      this.profileCache.set(corpId, found)
    }
    return found
  }

  departed(corpId: string): Set<string> {
    const rows = this.sql('SELECT userid FROM routing_departed WHERE corp_id = ?')
      .pluck()
      .all(corpId) as string[]
    return new Set(rows)
  }

  /** Records a departure; false when it was already known. */
  markDeparted(corpId: string, userid: string, at: number, reason: string): boolean {
    return (
      this.sql(
        'INSERT OR IGNORE INTO routing_departed (corp_id, userid, at, reason) VALUES (?, ?, ?, ?)',
      ).run(corpId, userid, at, reason).changes > 0
    )
  }

  reinstate(corpId: string, userid: string) {
    this.sql('DELETE FROM routing_departed WHERE corp_id = ? AND userid = ?').run(corpId, userid)
  }

  code(corpId: string, state: string): RoutedCode {
    const row = this.sql(
      'SELECT users, policy_version, eligible, alert FROM routing_codes WHERE corp_id = ? AND state = ?',
    ).get(corpId, state) as
      | { users: string | null; policy_version: number | null; eligible: string; alert: string | null }
      | undefined
    if (!row) return { users: null, policyVersion: null, eligible: [], alert: null }
    return {
      users: row.users === null ? null : (JSON.parse(row.users) as string[]),
      policyVersion: row.policy_version,
      eligible: JSON.parse(row.eligible) as string[],
      alert: row.alert,
    }
  }

  /** Records the code's written list, and the routing log entry with it when given (one transaction). */
  putCode(corpId: string, state: string, code: RoutedCode, at: number, log?: RoutingLogInput) {
    if (!log) return this.writeCode(corpId, state, code, at)
    this.db.transaction(() => {
      this.writeCode(corpId, state, code, at)
      this.log(corpId, log)
    })()
  }

  private writeCode(corpId: string, state: string, code: RoutedCode, at: number) {
    this.sql(
      `INSERT INTO routing_codes (corp_id, state, users, policy_version, eligible, alert, updated_at)
       VALUES (@corpId, @state, @users, @version, @eligible, @alert, @at)
       ON CONFLICT (corp_id, state) DO UPDATE SET users = excluded.users, policy_version = excluded.policy_version,
         eligible = excluded.eligible, alert = excluded.alert, updated_at = excluded.updated_at`,
    ).run({
      corpId,
      state,
      users: code.users === null ? null : JSON.stringify(code.users),
      version: code.policyVersion,
      eligible: JSON.stringify(code.eligible),
      alert: code.alert,
      at,
    })
  }

  dropCode(corpId: string, state: string) {
    this.sql('DELETE FROM routing_codes WHERE corp_id = ? AND state = ?').run(corpId, state)
  }

  alerts(corpId: string): { state: string; alert: string }[] {
    return this.sql('SELECT state, alert FROM routing_codes WHERE corp_id = ? AND alert IS NOT NULL').all(
      corpId,
    ) as {
      state: string
      alert: string
    }[]
  }

  /** Counts adds (each member–customer pair once a day); returns how many were new. */
  addAdds(corpId: string, adds: AddRow[]): number {
    const insert = this.sql(
      `INSERT OR IGNORE INTO routing_adds (corp_id, day, userid, external_userid, state, at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    if (adds.length === 0) return 0
    return this.counted(() => {
      let added = 0
      for (const a of adds)
        added += insert.run(corpId, a.day, a.userid, a.externalUserid, a.state, a.at).changes
      return added
    })
  }

  /** Adds of the day by member and code. */
  addsOn(corpId: string, day: string): { userid: string; state: string; n: number }[] {
    return this.sql(
      'SELECT userid, state, count(*) AS n FROM routing_adds WHERE corp_id = ? AND day = ? GROUP BY userid, state',
    ).all(corpId, day) as { userid: string; state: string; n: number }[]
  }

  log(corpId: string, entry: RoutingLogInput) {
    const seq =
      (this.sql('SELECT COALESCE(MAX(corp_seq), 0) FROM routing_log WHERE corp_id = ?')
        .pluck()
        .get(corpId) as number) + 1
    this.sql(
      `INSERT INTO routing_log (corp_id, corp_seq, state, at, reason, before, after, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      corpId,
      seq,
      entry.state,
      entry.at,
      entry.reason,
      JSON.stringify(entry.before),
      JSON.stringify(entry.after),
      entry.detail,
    )
  }

  logAfter(corpId: string, after: number, limit: number): RoutingLogEntry[] {
    const rows = this.sql(
      `SELECT corp_seq AS id, state, at, reason, before, after, detail FROM routing_log
       WHERE corp_id = ? AND corp_seq > ? ORDER BY corp_seq LIMIT ?`,
    ).all(corpId, after, limit) as {
      id: number
      state: string
      at: number
      reason: RoutingReason
      before: string
      after: string
      detail: string
    }[]
    return rows.map((r) => ({
      ...r,
      before: JSON.parse(r.before) as string[],
      after: JSON.parse(r.after) as string[],
    }))
  }

  cursor(corpId: string): { eventSeq: number; messageId: number } {
    const row = this.sql('SELECT event_seq, message_id FROM routing_cursor WHERE corp_id = ?').get(corpId) as
      { event_seq: number; message_id: number } | undefined
    return { eventSeq: row?.event_seq ?? 0, messageId: row?.message_id ?? 0 }
  }

  setCursor(corpId: string, eventSeq: number, messageId: number) {
    const upsert = this.sql(
      `INSERT INTO routing_cursor (corp_id, event_seq, message_id) VALUES (?, ?, ?)
       ON CONFLICT (corp_id) DO UPDATE SET event_seq = excluded.event_seq, message_id = excluded.message_id`,
    )
    this.counted(() => upsert.run(corpId, eventSeq, messageId))
  }

  /** Add events after the cursor (any code), and the latest event number read. */
  addEvents(corpId: string, after: number, limit: number): AddEventRow[] {
    return this.sql(
      `SELECT corp_seq AS seq, change_type, userid, external_userid, state, received_at FROM events
       WHERE corp_id = ? AND corp_seq > ? ORDER BY corp_seq LIMIT ?`,
    ).all(corpId, after, limit) as AddEventRow[]
  }

  /** change_contact messages after the cursor (a member deleted or changed in the contacts). */
  contactMessages(corpId: string, after: number, limit: number): ContactMessageRow[] {
    return this.sql(
      `SELECT id, change_type, xml FROM messages WHERE corp_id = ? AND id > ? AND event = 'change_contact'
       ORDER BY id LIMIT ?`,
    ).all(corpId, after, limit) as ContactMessageRow[]
  }

  lastMessageId(corpId: string): number {
    return this.sql('SELECT COALESCE(MAX(id), 0) FROM messages WHERE corp_id = ?')
      .pluck()
      .get(corpId) as number
  }
}
