// Job outcomes are written as data, a turn's worth in one commit (issue 13): the store applies them
// in order, all or none, on SQLite and PostgreSQL; the runner hands a burst's outcomes over in a few
// commits instead of one per job, and one broken write does not hold back the others.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RelayStore } from '../../relay/store'
import type { OutcomeWrite, RelayStorage } from '../../relay/storage'
import { JobRunner } from '../../relay/workers'
import { startSandbox } from '../../sandbox'
import type { Sandbox } from '../../sandbox/types'
import { createWeComClient } from '../../wecom'
import { add, CORP, pgSkipped, policy, T0, until, usePostgres } from './pg-store-fixture'

const WINDOW = 20_000

const sqliteStore = (now: () => number = () => T0) =>
  new RelayStore(mkdtempSync(path.join(os.tmpdir(), 'outcomes-')), undefined, { now, log: () => {} })

/** Two adds (a welcome and a tagging each), all four jobs claimed. */
async function claimedJobs(store: RelayStorage) {
  await store.putPolicy(CORP, policy('s1'), T0, true)
  await store.commit([add('wm1', T0), add('wm2', T0 + 1)], [], WINDOW)
  const jobs = await store.claim(T0 + 2, 10, 10_000, 5)
  const job = (kind: string, externalUserid: string) =>
    jobs.find((j) => j.kind === kind && j.external_userid === externalUserid)!
  return { welcome1: job('welcome', 'wm1'), tags1: job('tags', 'wm1'), welcome2: job('welcome', 'wm2') }
}

async function statuses(store: RelayStorage) {
  return Object.fromEntries(
    (await store.actions(CORP, 0, 100, true)).map((a) => [`${a.kind}:${a.externalUserid}`, a]),
  )
}

async function landsInOrderAllOrNone(store: RelayStorage) {
  const { welcome1, tags1, welcome2 } = await claimedJobs(store)
  await store.recordOutcomes([
    { op: 'detail', id: welcome1.id, detail: '分时段欢迎语' },
    { op: 'finish', id: welcome1.id, status: 'done', at: T0 + 3, errcode: null, error: null },
    {
      op: 'retry',
      id: tags1.id,
      runAt: T0 + 60_000,
      at: T0 + 3,
      errcode: 45033,
      error: '接口调用过于频繁',
      unknown: false,
    },
    { op: 'flipFailed', corpId: CORP, state: 's1', skipVerify: true, at: T0 + 3 },
  ])
  const after = await statuses(store)
  expect(after['welcome:wm1']).toMatchObject({ status: 'done', detail: '分时段欢迎语' })
  expect(after['tags:wm1']).toMatchObject({ status: 'pending', errcode: 45033 })
  expect(await store.skipState(CORP, 's1')).toMatchObject({ failedSkip: true, failedAt: T0 + 3 })

  // A batch with a write the database refuses (a status of null) throws, and none of it lands.
  const broken = { op: 'finish', id: welcome2.id, status: null, at: T0 + 4, errcode: null, error: null }
  await expect(
    Promise.resolve().then(() =>
      store.recordOutcomes([
        { op: 'finish', id: tags1.id, status: 'done', at: T0 + 4, errcode: null, error: null },
        broken as unknown as OutcomeWrite,
      ]),
    ),
  ).rejects.toThrow()
  const unchanged = await statuses(store)
  expect(unchanged['tags:wm1']).toMatchObject({ status: 'pending', errcode: 45033 })
  expect(unchanged['welcome:wm2']!.status).toBe('pending') // running reads as pending on the API
}

/**
 * The scheduler reads a code's skip state, then a flip fails (its pause and its close in one
 * commit), then the scheduler enqueues: the enqueue must see the pause, though the read did not.
 */
async function enqueueSeesAPauseItsCallerMissed(store: RelayStorage) {
  await store.putPolicy(CORP, policy('s1'), T0, true)
  expect(await store.enqueueFlipUnlessOpen(CORP, 's1', true, T0, PAUSE)).toBe(true)
  const [flip] = await store.claim(T0 + 1, 10, 10_000, 5)
  expect(flip!.kind).toBe('skip_verify')
  expect((await store.skipState(CORP, 's1')).failedSkip).toBeNull() // the scheduler's earlier read
  await store.recordOutcomes([
    { op: 'flipFailed', corpId: CORP, state: 's1', skipVerify: true, at: T0 + 2 },
    { op: 'finish', id: flip!.id, status: 'failed', at: T0 + 2, errcode: 60111, error: '成员已离职' },
  ])
  expect(await store.enqueueFlipUnlessOpen(CORP, 's1', true, T0 + 3, PAUSE)).toBe(false)
  // The other value, or the same one after the pause, is queued.
  expect(await store.enqueueFlipUnlessOpen(CORP, 's1', true, T0 + 2 + PAUSE, PAUSE)).toBe(true)
}
const PAUSE = 600_000

describe('job outcomes as one commit', () => {
  it('land in order, all or none (SQLite)', async () => {
    const store = sqliteStore()
    try {
      await landsInOrderAllOrNone(store)
    } finally {
      await store.close()
    }
  })

  it('a failed flip’s pause stops the next enqueue (SQLite)', async () => {
    const store = sqliteStore()
    try {
      await enqueueSeesAPauseItsCallerMissed(store)
    } finally {
      await store.close()
    }
  })

  describe.skipIf(pgSkipped)('on PostgreSQL', () => {
    const pgt = usePostgres()
    it('land in order, all or none (PostgreSQL)', async () => {
      await landsInOrderAllOrNone(await pgt.open(await pgt.database()))
    })
    it('a failed flip’s pause stops the next enqueue (PostgreSQL)', async () => {
      await enqueueSeesAPauseItsCallerMissed(await pgt.open(await pgt.database()))
    })
  })
})

describe('the runner writes a burst’s outcomes together', () => {
  let sandbox: Sandbox | null = null
  let runner: JobRunner | null = null
  afterEach(async () => {
    await runner?.stop()
    runner = null
    await sandbox?.stop()
    sandbox = null
  })

  const runnerOn = async (store: RelayStorage, log: (m: string) => void = () => {}) => {
    sandbox = await startSandbox()
    const client = createWeComClient({ apiBase: sandbox.apiBase, corpId: CORP, secret: sandbox.secret })
    runner = new JobRunner({
      store,
      client: () => client,
      now: Date.now,
      log,
      pollMs: 50,
      concurrency: 32,
    })
    return runner
  }

  /** Adds wm0… through a code with no welcome and no tags: each job is skipped without a WeCom call. */
  const addsOfAQuietCode = async (store: RelayStore, count: number) => {
    const quiet = policy('s1', { welcome: { mode: 'none', text: '', attachment: null }, tagIds: [] })
    await store.putPolicy(CORP, quiet, Date.now(), true)
    const now = Date.now()
    await store.commit(
      Array.from({ length: count }, (_, i) => add(`wm${i}`, now + i)),
      [],
      WINDOW,
    )
  }

  it('in a few commits, not one per job, and every job is recorded', async () => {
    const store = sqliteStore(Date.now)
    try {
      // A code with no welcome and no tags: its 60 jobs are decided without a WeCom call, all at once.
      await addsOfAQuietCode(store, 30)
      const record = vi.spyOn(store, 'recordOutcomes')
      ;(await runnerOn(store)).start()
      await until(
        async () => (await store.actions(CORP, 0, 100, true)).every((a) => a.status === 'skipped'),
        10_000,
        'every job recorded',
      )
      const written = record.mock.calls.map(([writes]) => writes.length)
      expect(written.reduce((a, b) => a + b, 0)).toBe(60)
      // 60 jobs claimed in batches (32 slots, half of them kept for welcomes): a commit per turn in
      // which jobs finished — 5 to 7 here, by how the claims and finishes interleave — where a commit
      // per job would be 60.
      expect(written.length).toBeLessThanOrEqual(12)
    } finally {
      await runner?.stop()
      await store.close()
    }
  })

  it('a write the store refuses is dropped alone; the others of its turn land', async () => {
    const store = sqliteStore(Date.now)
    const logged: string[] = []
    try {
      await addsOfAQuietCode(store, 2)
      // The database refuses one job's outcome (as a trigger would on a broken row).
      const refused = (await store.actions(CORP, 0, 100, true)).find(
        (a) => a.kind === 'tags' && a.externalUserid === 'wm1',
      )!
      store.db.exec(
        `CREATE TRIGGER refuse_one BEFORE UPDATE OF status ON jobs WHEN NEW.id = ${refused.id} AND NEW.status = 'skipped'
           BEGIN SELECT RAISE(ABORT, 'refused'); END`,
      )
      ;(await runnerOn(store, (m) => logged.push(m))).start()
      await until(
        async () =>
          (await store.actions(CORP, 0, 100, true)).filter((a) => a.status === 'skipped').length === 3,
        10_000,
        'the three other jobs recorded',
      )
      await until(async () => logged.includes('job outcomes dropped'), 5_000, 'the refused one logged')
      const byKey = await statuses(store)
      expect(byKey['tags:wm1']!.status).toBe('pending')
      expect(byKey['welcome:wm1']!.status).toBe('skipped')
    } finally {
      await runner?.stop()
      await store.close()
    }
  })
})
