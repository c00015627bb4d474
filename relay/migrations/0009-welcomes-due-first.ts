// Step 9: a partial index over pending welcome jobs, so the job runner claims welcomes — the only
// jobs with a deadline (WeCom's 20 s) — before tags, remarks and flips, without sorting the backlog.
// In a burst every add makes a welcome and a tags job; claimed in plain run_at order they take
// turns, and welcomes late in the burst miss their 20 s while tags, which can wait, go out first.

import type { RelayMigration } from './types'

export const welcomesDueFirst: RelayMigration = {
  version: 9,
  name: 'welcomes due first',
  up(db) {
    db.exec(`CREATE INDEX jobs_due_welcome ON jobs (run_at) WHERE status = 'pending' AND kind = 'welcome';`)
  },
}
