// Each corp's numbers — its events' seq (given after commit, numbering.ts), its jobs' ids as the
// desktop API shows them, its other messages', its routing log's and its registry's — from one row
// per corp in corp_counters.
//
// Why a counter row and not a sequence: a sequence hands out numbers at once but they become
// visible in commit order, so a reader could see N+1 committed while N's transaction is still open,
// move its cursor past N and never read it. Taking the corp's row lock (SELECT … FOR UPDATE) inside
// the writing transaction holds every other writer of that corp until COMMIT, so one corp's numbers
// become visible strictly in order, whichever instance wrote them, and gap-free (a number is only
// counted when its row was inserted). Because the lock is held to COMMIT, whatever
// runs under it is time other writers of the corp wait: few statements, and none per event. The same lock makes the ingest's "does this add share a
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

  /**
   * Locks the corps' counter rows (creating missing ones) until the transaction ends. One round trip
   * when the rows exist (every batch after a corp's first): the lock is held until COMMIT, so each
   * statement taken under it holds every other writer of the corp that much longer.
   */
  static async lock(client: pg.PoolClient, corpIds: Iterable<string>): Promise<CorpCounters> {
    const counters = new CorpCounters(client)
    const ids = [...new Set(corpIds)].sort()
    if (ids.length === 0) return counters
    const select = () =>
      client.query<Row & { corp_id: string }>(
        `SELECT corp_id, event_seq, job_seq, message_seq, routing_seq, registry_seq FROM corp_counters
         WHERE corp_id = ANY($1::text[]) ORDER BY corp_id FOR UPDATE`,
        [ids],
      )
    let locked = await select()
    if (locked.rows.length < ids.length) {
      await client.query(
        'INSERT INTO corp_counters (corp_id) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT DO NOTHING',
        [ids],
      )
      locked = await select()
    }
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

  /** Counts `n` numbers at once (a multi-row insert took them); returns the first one's number. */
  takeMany(corpId: string, name: CounterName, n: number): number {
    const row = this.row(corpId)
    const first = row[name] + 1
    row[name] += n
    if (n > 0) this.changed.add(corpId)
    return first
  }

  /** Writes the counted numbers back (still under the row locks), in one statement; call before COMMIT. */
  async save(): Promise<void> {
    if (this.changed.size === 0) return
    const ids = [...this.changed].sort()
    const column = (name: CounterName) => ids.map((id) => this.row(id)[name])
    await this.client.query(
      `UPDATE corp_counters c SET event_seq = v.e, job_seq = v.j, message_seq = v.m, routing_seq = v.r, registry_seq = v.g
       FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[]) AS v(corp_id, e, j, m, r, g)
       WHERE c.corp_id = v.corp_id`,
      [
        ids,
        column('event_seq'),
        column('job_seq'),
        column('message_seq'),
        column('routing_seq'),
        column('registry_seq'),
      ],
    )
    this.changed.clear()
  }
}
