// One sequence of batches, the same answers from both stores (issue 18): SQLite (relay/store.ts) and
// PostgreSQL (relay/pg/) fed identical commits — adds with and without a policy, a retry inside a
// batch and across batches, the half and the full add of one scan, deletes (PostgreSQL's
// one-statement path), other messages — say the same new/retry for each, list the same events in
// the same order, and queue the same jobs.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RelayStore } from '../../relay/store'
import type { IncomingEvent, IncomingMessage, RelayStorage } from '../../relay/storage'
import { add, CORP, pgSkipped, policy, T0, usePostgres } from './pg-store-fixture'

const WINDOW = 20_000
const del = (externalUserid: string, at: number): IncomingEvent =>
  add(externalUserid, at, { changeType: 'del_follow_user', state: '', welcomeCode: '' })
const message = (xml: string, at: number): IncomingMessage => ({
  corpId: CORP,
  msgType: 'text',
  event: '',
  changeType: '',
  createTime: Math.floor(at / 1000),
  receivedAt: at,
  xml,
})

/** The batches, in order: each one commit. */
const batches: [IncomingEvent[], IncomingMessage[]][] = [
  [[add('wm1', T0), add('wm2', T0 + 1)], []],
  // A retry of wm1 beside a new add; an add of a code without a policy.
  [[add('wm1', T0), add('wm3', T0 + 2, { state: 'nopolicy' })], [message('<a/>', T0 + 2)]],
  // The half add of a scan, then its full add (one tagging between them).
  [[add('wm4', T0 + 3, { changeType: 'add_half_external_contact', welcomeCode: '' })], []],
  [[add('wm4', T0 + 4, { welcomeCode: 'WC-wm4-full' })], []],
  // Deletes (PostgreSQL commits these as one statement once the corp's counter row exists), one
  // repeated inside its batch and then again in the next.
  [[del('wm2', T0 + 5), del('wm2', T0 + 5), del('wm9', T0 + 6)], []],
  [
    [del('wm2', T0 + 5), del('wm1', T0 + 7)],
    [message('<a/>', T0 + 8), message('<b/>', T0 + 8)],
  ],
]

async function run(store: RelayStorage) {
  await store.putPolicy(CORP, policy('s1'), T0, true)
  const answers: { events: boolean[]; messages: boolean[] }[] = []
  for (const [events, messages] of batches) {
    const r = await store.commit(events, messages, WINDOW)
    answers.push({ events: r.events, messages: r.messages })
  }
  const events = (await store.events(CORP, 0, 100)).map((e) => [e.seq, e.changeType, e.externalUserid])
  const jobs = (await store.actions(CORP, 0, 100, true))
    .map((a) => [a.kind, a.externalUserid, a.status])
    .sort((x, y) => String(x).localeCompare(String(y)))
  return { answers, events, jobs, others: await store.otherMessageCount(CORP) }
}

describe.skipIf(pgSkipped)('SQLite and PostgreSQL stores', () => {
  const pgt = usePostgres()

  it('answer, list and queue the same for the same batches', async () => {
    const sqlite = new RelayStore(mkdtempSync(path.join(os.tmpdir(), 'parity-')), undefined, {
      now: () => T0,
      log: () => {},
    })
    let onSqlite: Awaited<ReturnType<typeof run>>
    try {
      onSqlite = await run(sqlite)
    } finally {
      await sqlite.close()
    }
    const onPostgres = await run(await pgt.open(await pgt.database()))
    expect(onPostgres).toEqual(onSqlite)
    // And the sequence means what it says (not two stores agreeing on nothing).
    expect(onSqlite.answers.map((a) => a.events)).toEqual([
      [true, true],
      [false, true],
      [true],
      [true],
      [true, false, true],
      [false, true],
    ])
    expect(onSqlite.events.map((e) => e[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(onSqlite.others).toBe(2)
    // One welcome and one tagging per add with a policy (the half and full add of wm4 share one).
    expect(onSqlite.jobs).toEqual([
      ['tags', 'wm1', 'pending'],
      ['tags', 'wm2', 'pending'],
      ['tags', 'wm4', 'pending'],
      ['welcome', 'wm1', 'pending'],
      ['welcome', 'wm2', 'pending'],
      ['welcome', 'wm4', 'pending'],
    ])
  })
})
