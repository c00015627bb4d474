// Step 15: each code's richer welcome (issue 17: attachments, messages by time of day, auto remark)
// as one JSON value in its own table keyed by code id. JSON because the relay validates and reads
// the same shape (common/welcome-schemas.ts); a code without a row has none of it.

import type { Migration } from './types'

export const codeRichWelcome: Migration = {
  version: 15,
  name: 'code rich welcome',
  up(db) {
    db.exec(`
      CREATE TABLE code_rich_welcome (
        code_id INTEGER PRIMARY KEY REFERENCES codes(id) ON DELETE CASCADE,
        data TEXT NOT NULL
      );
    `)
  },
}
