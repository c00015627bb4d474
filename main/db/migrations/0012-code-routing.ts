// Step 12: smart routing's settings on the desktop, in tables of their own so the codes table is
// untouched: code_routing holds a code's 分配规则 (weights, backups, per-code cap) as pushed to the
// relay with its policy; member_routing each member's schedule and shared daily cap (设置 › 成员).
// updated_at of a code's rules counts as an edit of the code: the policy's version is the later of
// the two, so the relay never keeps older rules over newer ones.

import type { Migration } from './types'

export const codeRouting: Migration = {
  version: 12,
  name: 'smart routing rules and member schedules',
  up(db) {
    db.exec(`
      CREATE TABLE code_routing (
        code_id INTEGER PRIMARY KEY REFERENCES codes(id) ON DELETE CASCADE,
        json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE member_routing (
        userid TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `)
  },
}
