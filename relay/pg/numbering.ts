// Each corp's event numbers, given after the events committed. The ingest stores events without a
// number (relay/pg/ingest.ts), taking no per-corp lock, so instances ingesting one corp share
// PostgreSQL's group commit instead of queueing behind each other's WAL flush. Whoever reads a corp's
// events by number (the desktop's cursor, the router) first numbers what has committed since the last
// time: under the corp's counter row lock, in one statement, in insertion (global id) order.
//
// Why a reader never skips an event: only committed rows are visible to the numbering statement, and
// numbering steps of one corp take turns on the lock, each starting after the previous one committed;
// so an event that commits late is numbered in a later step, after every number a reader has already
// seen. Numbers stay gap-free (only stored rows are numbered). A batch stored across corps is numbered
// per corp when each is read.

import type pg from 'pg'
import { CorpCounters } from './counters'
import { one, transaction } from './db'

/** At most this many events numbered per step, so one read after a long silence stays short. */
const STEP = 20_000

/** Numbers the corp's committed, unnumbered events (nothing to do: one indexed probe, no lock). */
export async function numberEvents(pool: pg.Pool, corpId: string): Promise<void> {
  const pending = await one<{ p: boolean }>(
    pool,
    'SELECT EXISTS (SELECT 1 FROM events WHERE corp_id = $1 AND corp_seq IS NULL) AS p',
    [corpId],
  )
  if (!pending?.p) return
  await transaction(pool, async (client) => {
    const counters = await CorpCounters.lock(client, [corpId])
    // This statement's snapshot is taken after the lock was granted: the previous step's numbers are
    // visible, and so is every event committed before now.
    const done = await one<{ n: string }>(
      client,
      `WITH todo AS (
         SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM events
         WHERE corp_id = $1 AND corp_seq IS NULL ORDER BY seq LIMIT $3
       ), numbered AS (
         UPDATE events e SET corp_seq = $2 + todo.n FROM todo WHERE e.seq = todo.seq RETURNING 1
       )
       SELECT count(*) AS n FROM numbered`,
      [corpId, counters.peek(corpId, 'event_seq') - 1, STEP],
    )
    counters.takeMany(corpId, 'event_seq', Number(done?.n ?? 0))
    await counters.save()
  })
}
