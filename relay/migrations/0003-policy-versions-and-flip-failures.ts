// Step 3: no edit is ever reverted.
// - policies.version: the desktop's edit time for the code; an older push never replaces a newer one
//   (a retried push landing after a later edit's).
// - skip_state.wanted now means "last written to WeCom successfully"; failed_skip / failed_at keep
//   the value a flip could not write and when, so the scheduler retries it later instead of at once
//   (or never, as the first release did after recording the wish before the write).

import type { RelayMigration } from './types'

export const policyVersionsAndFlipFailures: RelayMigration = {
  version: 3,
  name: 'policy versions and failed flips',
  up(db) {
    db.exec(`
      ALTER TABLE policies ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE skip_state ADD COLUMN failed_skip INTEGER;
      ALTER TABLE skip_state ADD COLUMN failed_at INTEGER;
      CREATE INDEX IF NOT EXISTS jobs_open_flip ON jobs (corp_id, state) WHERE kind = 'skip_verify' AND status IN ('pending', 'running');
    `)
  },
}
