// Staff mirrored from WeCom. A sync upserts what WeCom returned and marks the rest removed (codes may
// still name them); the manager's per-member `enabled` switch is local and survives every sync.

import type { Member } from '../../../common/domain'
import { bit, type Sql } from '../sql'

export type SyncedMember = Omit<Member, 'enabled'>

export interface MembersRepo {
  /** Returns how many known members were missing from the sync (now marked removed). */
  replaceAll(members: SyncedMember[], now: number): { upserted: number; removed: number }
  list(options?: { includeRemoved?: boolean }): Member[]
  get(userid: string): Member | null
  setEnabled(userid: string, enabled: boolean, now: number): Member | null
}

interface MemberRow {
  userid: string
  name: string
  department_ids: string
  status: number
  can_follow: number
  enabled: number
}

const toMember = (r: MemberRow): Member => ({
  userid: r.userid,
  name: r.name,
  departmentIds: JSON.parse(r.department_ids) as number[],
  status: r.status,
  canFollow: r.can_follow === 1,
  enabled: r.enabled === 1,
})

export function createMembersRepo(sql: Sql): MembersRepo {
  return {
    replaceAll(members, now) {
      return sql.tx(() => {
        for (const m of members) {
          sql.run(
            `INSERT INTO members (userid, name, department_ids, status, can_follow, enabled, removed_at, updated_at)
             VALUES (@userid, @name, @departmentIds, @status, @canFollow, 1, NULL, @now)
             ON CONFLICT (userid) DO UPDATE SET name = excluded.name, department_ids = excluded.department_ids,
               status = excluded.status, can_follow = excluded.can_follow, removed_at = NULL,
               updated_at = excluded.updated_at`,
            {
              userid: m.userid,
              name: m.name,
              departmentIds: JSON.stringify(m.departmentIds),
              status: m.status,
              canFollow: bit(m.canFollow),
              now,
            },
          )
        }
        const removed = sql.run(
          `UPDATE members SET removed_at = @now, can_follow = 0, updated_at = @now
           WHERE removed_at IS NULL AND userid NOT IN (SELECT value FROM json_each(@ids))`,
          { now, ids: JSON.stringify(members.map((m) => m.userid)) },
        )
        return { upserted: members.length, removed: removed.changes }
      })
    },

    list: (options) =>
      sql
        .all<MemberRow>(
          options?.includeRemoved
            ? 'SELECT * FROM members ORDER BY name, userid'
            : 'SELECT * FROM members WHERE removed_at IS NULL ORDER BY name, userid',
        )
        .map(toMember),

    get(userid) {
      const row = sql.one<MemberRow>('SELECT * FROM members WHERE userid = ?', [userid])
      return row ? toMember(row) : null
    },

    setEnabled(userid, enabled, now) {
      sql.run('UPDATE members SET enabled = ?, updated_at = ? WHERE userid = ?', [bit(enabled), now, userid])
      const row = sql.one<MemberRow>('SELECT * FROM members WHERE userid = ?', [userid])
      return row ? toMember(row) : null
    },
  }
}
