// Smart routing's local settings (migration 12): each code's 分配规则 and each member's schedule and
// shared daily cap. Built over the raw connection so the database's repository list stays as it is.

import type Database from 'better-sqlite3'
import {
  codeRoutingSchema,
  memberRoutingSchema,
  type CodeRouting,
  type MemberRouting,
} from '../../../common/routing'

export interface StoredRouting {
  routing: CodeRouting
  updatedAt: number
}

export interface RoutingRepo {
  code(codeId: number): StoredRouting | null
  /** null removes the rules: WeCom spreads the code's adds by itself again. */
  setCode(codeId: number, routing: CodeRouting | null, now: number): void
  members(): MemberRouting[]
  setMembers(members: MemberRouting[], now: number): void
}

const repos = new WeakMap<Database.Database, RoutingRepo>()

export function routingRepo(db: Database.Database): RoutingRepo {
  let repo = repos.get(db)
  if (repo) return repo
  repo = {
    code(codeId) {
      const row = db.prepare('SELECT json, updated_at FROM code_routing WHERE code_id = ?').get(codeId) as
        { json: string; updated_at: number } | undefined
      if (!row) return null
      // Read back through the schema: a row is the desktop's own, but defaults may grow.
      return { routing: codeRoutingSchema.parse(JSON.parse(row.json)), updatedAt: row.updated_at }
    },
    setCode(codeId, routing, now) {
      if (!routing) db.prepare('DELETE FROM code_routing WHERE code_id = ?').run(codeId)
      else
        db.prepare(
          `INSERT INTO code_routing (code_id, json, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (code_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
        ).run(codeId, JSON.stringify(routing), now)
    },
    members() {
      const rows = db.prepare('SELECT json FROM member_routing ORDER BY userid').all() as { json: string }[]
      return rows.map((r) => memberRoutingSchema.parse(JSON.parse(r.json)))
    },
    setMembers(members, now) {
      db.transaction(() => {
        db.prepare('DELETE FROM member_routing').run()
        const insert = db.prepare('INSERT INTO member_routing (userid, json, updated_at) VALUES (?, ?, ?)')
        for (const m of members) insert.run(m.userid, JSON.stringify(m), now)
      })()
    },
  }
  repos.set(db, repo)
  return repo
}
