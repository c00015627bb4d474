// Step 14: code groups (folders for the code list) and each code's QR style (colours, caption,
// centre logo). Plain tables keyed by code id, so a per-corp registry can copy them row for row.
// A code sits in at most one group; deleting a group drops its memberships (ON DELETE CASCADE), so
// its codes fall back to 未分组 without any code row being touched.

import type { Migration } from './types'

export const codeGroupsAndQrStyles: Migration = {
  version: 14,
  name: 'code groups and QR styles',
  up(db) {
    db.exec(`
      CREATE TABLE code_groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX code_groups_name ON code_groups(name);
      CREATE TABLE code_group_members (
        code_id INTEGER PRIMARY KEY REFERENCES codes(id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES code_groups(id) ON DELETE CASCADE
      );
      CREATE INDEX code_group_members_group ON code_group_members(group_id, code_id);
      CREATE TABLE code_qr_styles (
        code_id INTEGER PRIMARY KEY REFERENCES codes(id) ON DELETE CASCADE,
        foreground TEXT NOT NULL,
        background TEXT NOT NULL,
        caption TEXT NOT NULL,
        logo_bytes BLOB,
        logo_mime TEXT,
        logo_file_name TEXT
      );
    `)
  },
}
