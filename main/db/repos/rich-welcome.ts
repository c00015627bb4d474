// A code's richer welcome (issue 17) in code_rich_welcome: one JSON value per code, read back through
// the same schema the form and the relay use, so a row written by a newer app that no longer parses
// is ignored rather than pushed broken.

import { isEmptyRichWelcome, richWelcomeSchema, type RichWelcome } from '../../../common/rich-welcome'
import type { Sql } from '../sql'

export function readRich(sql: Sql, codeId: number): RichWelcome | null {
  let row: { data: string } | undefined
  try {
    row = sql.one<{ data: string }>('SELECT data FROM code_rich_welcome WHERE code_id = ?', [codeId])
  } catch (error) {
    // A file still before step 15 (tests of earlier steps read codes through this repo) has none.
    if (error instanceof Error && error.message.includes('no such table: code_rich_welcome')) return null
    throw error
  }
  if (!row) return null
  const parsed = richWelcomeSchema.safeParse(JSON.parse(row.data))
  return parsed.success ? parsed.data : null
}

/** An empty rich welcome removes the row: the code is back to the single text and attachment. */
export function writeRich(sql: Sql, codeId: number, rich: RichWelcome): void {
  if (isEmptyRichWelcome(rich)) {
    sql.run('DELETE FROM code_rich_welcome WHERE code_id = ?', [codeId])
    return
  }
  sql.run('INSERT OR REPLACE INTO code_rich_welcome (code_id, data) VALUES (?, ?)', [
    codeId,
    JSON.stringify(rich),
  ])
}
