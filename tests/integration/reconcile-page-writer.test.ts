// The full reconcile's store step on the page writer thread (main/sync/write-queue.ts): it stores
// exactly what the inline path stores, judges only after the writer drained, and a store error in
// the writer fails the phase with that error before anything is judged.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type AppDatabase } from '../../main/db'
import { runCustomersPhase, type CustomersPhaseResult } from '../../main/sync/customers-phase'
import { createConnectivity } from '../../main/sync/connectivity'
import type { SyncDeps } from '../../main/sync/ports'
import type { WriterMode } from '../../main/sync/write-queue'
import { startSandbox } from '../../sandbox'
import type { Sandbox } from '../../sandbox/types'
import { createWeComClient } from '../../wecom'
import type { WeComClient } from '../../wecom/types'

const STATE = 'writer-test'
// 40 members × 150: two pages each, 80 pages in all — past the point where 'auto' starts the thread.
const MEMBERS = 40
const PER_MEMBER = 150
const T0 = Date.UTC(2026, 0, 1)
/** The phase's clock, the same for every run so each stores the same times. */
const NOW = Date.now()

let sandbox: Sandbox
let wecom: WeComClient
let userids: string[]
const dirs: string[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ seed: false, rateLimitPerMinute: 1_000_000 })
  userids = sandbox.control.seedRelations({ members: MEMBERS, perMember: PER_MEMBER, state: STATE }).userids
  wecom = createWeComClient({
    apiBase: sandbox.apiBase,
    corpId: sandbox.corpId,
    secret: sandbox.secret,
    callsPerMinute: 1_000_000,
  })
})

afterAll(async () => {
  await sandbox.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A desktop database that knows the members, a code with two tags, and two relations of its own. */
function seededDb(): AppDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), 'page-writer-'))
  dirs.push(dir)
  const db = openDatabase(path.join(dir, 'app.db'))
  db.members.replaceAll(
    userids.map((userid) => ({ userid, name: userid, departmentIds: [1], status: 1, canFollow: true })),
    T0,
  )
  db.tags.replaceAll(
    [
      {
        groupId: 'g1',
        name: '来源',
        order: 0,
        tags: [
          { id: 'tag-a', name: '活码', groupId: 'g1', order: 0 },
          { id: 'tag-b', name: '展会', groupId: 'g1', order: 1 },
        ],
      },
    ],
    T0,
  )
  const code = db.codes.insert({
    configId: 'cfg-writer',
    state: STATE,
    name: '写入线程活码',
    qrUrl: '',
    creator: 'test',
    createdAt: T0,
    memberUserids: userids.slice(0, 5),
    tagIds: ['tag-a', 'tag-b'],
    welcome: { mode: 'none', text: '', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
  })
  // A customer WeCom no longer lists for bench0000 (the member deleted them): judged lost.
  db.relations.recordAdd(code.id, 'wm-gone', userids[0]!, T0, 'event')
  return db
}

function deps(db: AppDatabase, mode: WriterMode): SyncDeps {
  return {
    db,
    wecom: () => wecom,
    relay: () => null,
    codes: {
      pushPending: () => Promise.reject(new Error('unused')),
      pendingPushes: () => 0,
      importFromWeCom: () => Promise.reject(new Error('unused')),
      cacheMissingQr: () => Promise.reject(new Error('unused')),
      carryOutDueDeletes: () => Promise.resolve({ done: 0, failed: 0, error: null }),
    },
    connectivity: createConnectivity(),
    settings: () => ({ timeZone: 'Asia/Shanghai' }),
    reconcileWriter: mode,
    now: () => NOW,
  }
}

/** Everything the phase stored, without row ids (the chains finish in any order). */
function snapshot(db: AppDatabase) {
  const q = (sql: string) => db.sqlite.prepare(sql).all()
  return {
    relations: q(
      `SELECT c.state, r.external_userid, r.member_userid, r.owner_userid, r.status, r.added_at,
         r.last_added_at, r.lost_reason, r.lost_source, r.pending_confirm, r.handover
       FROM relations r JOIN codes c ON c.id = r.code_id ORDER BY r.external_userid, r.member_userid`,
    ),
    history: q(
      `SELECT r.external_userid, h.kind, h.reason, h.at, h.source FROM relation_history h
       JOIN relations r ON r.id = h.relation_id ORDER BY r.external_userid, h.kind, h.at`,
    ),
    customers: q(
      'SELECT external_userid, name, avatar, type, corp_name, updated_at FROM customers ORDER BY external_userid',
    ),
  }
}

const sortedRepairs = (r: CustomersPhaseResult) =>
  [...r.repairs].sort((a, b) =>
    (a.externalUserid + a.memberUserid).localeCompare(b.externalUserid + b.memberUserid),
  )

describe('reconcile page writer', () => {
  it('stores on the writer thread exactly what the inline path stores, and judges after it drained', async () => {
    const runs = []
    for (const mode of ['inline', 'thread', 'auto'] as const) {
      const db = seededDb()
      try {
        const result = await runCustomersPhase(deps(db, mode), () => {})
        runs.push({ mode, result, repairs: sortedRepairs(result), stored: snapshot(db) })
      } finally {
        db.close()
      }
    }
    const [inline, ...others] = runs
    expect(inline!.result).toMatchObject({
      members: MEMBERS,
      customers: MEMBERS * PER_MEMBER,
      added: MEMBERS * PER_MEMBER,
      lost: 1,
      handedOver: 0,
    })
    // Every listed relation lacks both tags and was never tagged by the relay: each is a repair.
    expect(inline!.repairs).toHaveLength(MEMBERS * PER_MEMBER)
    expect(inline!.repairs[0]!.tagIds).toEqual(['tag-a', 'tag-b'])
    expect(inline!.stored.relations).toHaveLength(MEMBERS * PER_MEMBER + 1)
    expect(
      inline!.stored.relations.find((r) => (r as { external_userid: string }).external_userid === 'wm-gone'),
    ).toMatchObject({ status: 'lost', lost_reason: 'member_deleted_customer', lost_source: 'reconcile' })
    for (const other of others) {
      expect({ mode: other.mode, ...other.result, repairs: other.repairs }).toEqual({
        mode: other.mode,
        ...inline!.result,
        repairs: inline!.repairs,
      })
      expect(other.stored).toEqual(inline!.stored)
    }
  })

  it('a second reconcile over the writer thread changes nothing', async () => {
    const db = seededDb()
    try {
      await runCustomersPhase(deps(db, 'thread'), () => {})
      const before = snapshot(db)
      const again = await runCustomersPhase(deps(db, 'thread'), () => {})
      expect(again).toMatchObject({ customers: MEMBERS * PER_MEMBER, added: 0, lost: 0, handedOver: 0 })
      expect(snapshot(db)).toEqual(before)
    } finally {
      db.close()
    }
  })

  for (const mode of ['thread', 'inline', 'auto'] as const) {
    it(`a store error fails the phase with that error and nothing is judged (${mode})`, async () => {
      const db = seededDb()
      try {
        // Injected: the store fails once a few batches are in.
        db.sqlite.exec(`CREATE TRIGGER fail_store BEFORE INSERT ON customers
          WHEN (SELECT count(*) FROM customers) >= ${PER_MEMBER * 20}
          BEGIN SELECT RAISE(ABORT, 'injected store failure'); END`)
        const failed = runCustomersPhase(deps(db, mode), () => {})
        await expect(failed).rejects.toMatchObject({
          message: 'injected store failure',
          code: 'SQLITE_CONSTRAINT_TRIGGER',
        })
        // The failing batch rolled back whole; the earlier batches stay; the loss is not judged.
        const customers = db.sqlite.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }
        expect(customers.n).toBeGreaterThan(0)
        expect(customers.n).toBeLessThanOrEqual(PER_MEMBER * 20)
        expect(db.relations.get(1, 'wm-gone', userids[0]!)?.status).toBe('current')
        const lost = db.sqlite.prepare("SELECT count(*) AS n FROM relation_history WHERE kind = 'lost'").get()
        expect(lost).toEqual({ n: 0 })
      } finally {
        db.close()
      }
    })
  }
})
