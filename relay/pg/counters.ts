// Each corp's numbers — its events' seq, its jobs' ids as the desktop API shows them, its other
// messages', its routing log's and its registry's — from one row per corp in corp_counters.
//
// Why a counter row and not a sequence: a sequence hands out numbers at once but they become
// visible in commit order, so a reader could see N+1 committed while N's transaction is still open,
// move its cursor past N and never read it. Taking the corp's row lock (SELECT … FOR UPDATE) inside
// the writing transaction holds every other writer of that corp until COMMIT, so one corp's numbers
// become visible strictly in order, whichever instance wrote them, and gap-free (a number is only
// counted when its row was inserted). The same lock makes the ingest's "does this add share a
// tagging" check see every earlier commit of the corp, as SQLite's single writer does. Different
// corps never wait on each other. A batch spanning corps locks its rows in sorted corp order, so two
// batches can never each hold a row the other waits for (no deadlock).

import type pg from 'pg'

export type CounterName = 'event_seq' | 'job_seq' | 'message_seq' | 'routing_seq' | 'registry_seq'

type Row = Record<CounterName, number>

export class CorpCounters {
  private readonly values = new Map<string, Row>()
  private readonly changed = new Set<string>()

  private constructor(private readonly client: pg.PoolClient) {}

  /** Locks the corps' counter rows (creating missing ones) until the transaction ends. */
  static async lock(client: pg.PoolClient, corpIds: Iterable<string>): Promise<CorpCounters> {
    const counters = new CorpCounters(client)
    const ids = [...new Set(corpIds)].sort()
    if (ids.length === 0) return counters
    await client.query(
      'INSERT INTO corp_counters (corp_id) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT DO NOTHING',
      [ids],
    )
    const locked = await client.query<Row & { corp_id: string }>(
      `SELECT corp_id, event_seq, job_seq, message_seq, routing_seq, registry_seq FROM corp_counters
       WHERE corp_id = ANY($1::text[]) ORDER BY corp_id FOR UPDATE`,
      [ids],
    )
    for (const { corp_id, ...row } of locked.rows) counters.values.set(corp_id, row)
    return counters
  }

  private row(corpId: string): Row {
    const row = this.values.get(corpId)
    if (!row) throw new Error(`corp ${corpId} was not locked for numbering`)
    return row
  }

  /** The number the corp's next row of this kind gets (not yet counted). */
  peek(corpId: string, name: CounterName): number {
    return this.row(corpId)[name] + 1
  }

  /** Counts the number peek() gave, once its row was inserted. */
  take(corpId: string, name: CounterName): number {
    const row = this.row(corpId)
    row[name] += 1
    this.changed.add(corpId)
    return row[name]
  }

  /** Writes the counted numbers back (still under the row locks); call before COMMIT. */
  async save(): Promise<void> {
    for (const corpId of [...this.changed].sort()) {
      const r = this.row(corpId)
      await this.client.query(
        `UPDATE corp_counters SET event_seq = $2, job_seq = $3, message_seq = $4, routing_seq = $5, registry_seq = $6
         WHERE corp_id = $1`,
        [corpId, r.event_seq, r.job_seq, r.message_seq, r.routing_seq, r.registry_seq],
      )
    }
    this.changed.clear()
  }
}
