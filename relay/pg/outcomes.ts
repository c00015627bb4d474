// Job outcomes on PostgreSQL: the runner's writes of one turn in one transaction, so a burst's
// outcomes cost one commit (one WAL flush at synchronous_commit = on) rather than one each, and a
// reader on any instance sees a job's detail, and a failed flip's pause, together with its status.

import type pg from 'pg'
import type { OutcomeWrite } from '../storage'
import { transaction, type Queryable } from './db'

export async function applyOutcome(db: Queryable, w: OutcomeWrite): Promise<void> {
  switch (w.op) {
    case 'finish':
      await db.query(
        'UPDATE jobs SET status = $1, errcode = $2, last_error = $3, lease_until = NULL, updated_at = $4 WHERE id = $5',
        [w.status, w.errcode, w.error, w.at, w.id],
      )
      return
    case 'detail':
      await db.query('UPDATE jobs SET detail = $1 WHERE id = $2', [w.detail, w.id])
      return
    case 'retry':
      await db.query(
        `UPDATE jobs SET status = 'pending', run_at = $1, errcode = $2, last_error = $3, lease_until = NULL, updated_at = $4,
           outcome_unknown = GREATEST(outcome_unknown, $5) WHERE id = $6`,
        [w.runAt, w.errcode, w.error, w.at, w.unknown ? 1 : 0, w.id],
      )
      return
    case 'flipFailed':
      await db.query(
        `INSERT INTO skip_state (corp_id, state, wanted, failed_skip, failed_at) VALUES ($1, $2, NULL, $3, $4)
         ON CONFLICT (corp_id, state) DO UPDATE SET failed_skip = excluded.failed_skip, failed_at = excluded.failed_at`,
        [w.corpId, w.state, w.skipVerify ? 1 : 0, w.at],
      )
      return
  }
}

export async function recordOutcomes(pool: pg.Pool, writes: readonly OutcomeWrite[]): Promise<void> {
  if (writes.length === 0) return
  if (writes.length === 1) return applyOutcome(pool, writes[0]!)
  await transaction(pool, async (client) => {
    for (const w of writes) await applyOutcome(client, w)
  })
}
