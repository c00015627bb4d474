// Step 8 (issue 17): jobs.detail — what a done job did beyond its kind, in Chinese for the desktop's
// delivery funnel: which timed welcome went out, a customer name left out because WeCom did not give
// it in time, the remark written and how it was trimmed. A remark job is a new kind in the same
// table; media keys gain a kind prefix for videos, files and lasting uploadimg URLs (images keep the
// bare SHA-256 they always had), so neither needs a schema change.

import type { RelayMigration } from './types'

export const jobDetails: RelayMigration = {
  version: 8,
  name: 'job details',
  up(db) {
    db.exec(`ALTER TABLE jobs ADD COLUMN detail TEXT;`)
  },
}
