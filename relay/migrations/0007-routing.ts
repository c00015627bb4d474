// Step 7: smart routing (relay/routing/). Its own tables, so the policies the desktops push are
// never written by the relay's re-points (a policy's version stays the desktop's):
// - routing_members: each member's schedule and shared daily cap, as 设置 › 成员 pushed them.
// - routing_departed: members seen leaving (sync, 60111/84074, change_contact); kept off every code
//   until the manager reinstates them, so a returning member is never re-added silently.
// - routing_codes: per code, the user list last written to WeCom, the policy version it was worked
//   out from, the last eligible set (what a code with nobody eligible keeps) and its 路由告警.
// - routing_adds: one row per add (member, customer) per workspace day — the half and the full add of
//   one scan count once — which the caps, the rotation and the 路由记录 tab count.
// - routing_log: every change of a code's user list, with when and why, numbered per corp.
// - routing_cursor: how far the router has read the event log and the other messages.

import type { RelayMigration } from './types'

export const routing: RelayMigration = {
  version: 7,
  name: 'smart routing',
  up(db) {
    db.exec(`
      CREATE TABLE routing_members (
        corp_id TEXT NOT NULL, userid TEXT NOT NULL, json TEXT NOT NULL,
        PRIMARY KEY (corp_id, userid)
      );
      CREATE TABLE routing_departed (
        corp_id TEXT NOT NULL, userid TEXT NOT NULL, at INTEGER NOT NULL, reason TEXT NOT NULL,
        PRIMARY KEY (corp_id, userid)
      );
      CREATE TABLE routing_codes (
        corp_id TEXT NOT NULL, state TEXT NOT NULL,
        users TEXT, policy_version INTEGER, eligible TEXT NOT NULL DEFAULT '[]',
        alert TEXT, updated_at INTEGER NOT NULL,
        PRIMARY KEY (corp_id, state)
      );
      CREATE TABLE routing_adds (
        corp_id TEXT NOT NULL, day TEXT NOT NULL, userid TEXT NOT NULL, external_userid TEXT NOT NULL,
        state TEXT NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (corp_id, day, userid, external_userid)
      );
      CREATE TABLE routing_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        corp_id TEXT NOT NULL, corp_seq INTEGER NOT NULL, state TEXT NOT NULL, at INTEGER NOT NULL,
        reason TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, detail TEXT NOT NULL
      );
      CREATE UNIQUE INDEX routing_log_cursor ON routing_log (corp_id, corp_seq);
      CREATE TABLE routing_cursor (
        corp_id TEXT PRIMARY KEY, event_seq INTEGER NOT NULL DEFAULT 0, message_id INTEGER NOT NULL DEFAULT 0
      );
    `)
  },
}
