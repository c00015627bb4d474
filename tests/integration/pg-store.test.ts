// The PostgreSQL store (relay/pg/) against a real server: SQLite's rules for one instance (dedupe,
// the shared tagging of a half and a full add, welcome-first claims, lapsed leases, the policy
// version rule, registry conflicts), and what several instances on one database need (disjoint
// claims, one lead, per-corp numbers no instance can reorder, no stale policy on any instance).

import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createPool } from '../../relay/pg/db'
import type { RegistryRecord } from '../../common/relay-api'
import { add, CORP, pgSkipped, policy, T0, until, usePostgres } from './pg-store-fixture'
import { halfAndFullAddShareOneTagging } from './shared-tagging-case'

const WINDOW = 20_000

describe.skipIf(pgSkipped)('PostgreSQL relay store', () => {
  const pgt = usePostgres()

  it('opens every connection with synchronous_commit on, whatever the database default', async () => {
    const url = await pgt.database()
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    const name = new URL(url).pathname.slice(1)
    await admin.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`)
    await admin.end()
    const pool = createPool({ url })
    try {
      const shown = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')
      expect(shown.rows[0]?.synchronous_commit).toBe('on')
    } finally {
      await pool.end()
    }
  })

  it('stores a retried event once, with one set of jobs', async () => {
    const store = await pgt.open(await pgt.database())
    await store.putPolicy(CORP, policy('s1'), T0, true)
    const e = add('wm1', T0)
    const first = await store.commit([e], [], WINDOW)
    expect(first).toEqual({ events: [true], messages: [], queuedJobs: true })
    const again = await store.commit([e, { ...e, receivedAt: T0 + 5_000 }], [], WINDOW)
    expect(again).toEqual({ events: [false, false], messages: [], queuedJobs: false })
    expect((await store.events(CORP, 0, 100)).map((r) => r.seq)).toEqual([1])
    const actions = await store.actions(CORP, 0, 100)
    expect(actions.map((a) => [a.id, a.kind, a.eventSeq])).toEqual([
      [1, 'welcome', 1],
      [2, 'tags', 1],
    ])
    expect(await store.pendingCount()).toBe(2)
  })

  it('keeps other messages once each, numbered per corp, and prunes them by arrival', async () => {
    const store = await pgt.open(await pgt.database())
    const message = (corpId: string, xml: string, receivedAt: number) => ({
      corpId,
      msgType: 'event',
      event: 'change_contact',
      changeType: 'delete_user',
      createTime: 1,
      receivedAt,
      xml,
    })
    const kept = await store.commit(
      [],
      [message(CORP, '<a/>', T0), message('wwother', '<a/>', T0), message(CORP, '<b/>', T0 + 10)],
      WINDOW,
    )
    expect(kept.messages).toEqual([true, true, true])
    expect((await store.commit([], [message(CORP, '<a/>', T0 + 20)], WINDOW)).messages).toEqual([false])
    expect((await store.routing.contactMessages(CORP, 0, 10)).map((m) => [m.id, m.xml])).toEqual([
      [1, '<a/>'],
      [2, '<b/>'],
    ])
    expect(await store.routing.lastMessageId('wwother')).toBe(1)
    expect(await store.otherMessageCount(CORP)).toBe(2)
    expect(await store.pruneMessages(T0 + 5)).toBe(2)
    expect(await store.otherMessageCount(CORP)).toBe(1)
  })

  it('gives the half and the full add of one scan one tagging, and the full add wakes it', async () => {
    await halfAndFullAddShareOneTagging(await pgt.open(await pgt.database()))
  })

  it('claims welcomes first, and makes no job for a code without a policy', async () => {
    const store = await pgt.open(await pgt.database())
    await store.putPolicy(CORP, policy('s1'), T0, true)
    await store.commit([add('wm1', T0)], [], WINDOW)
    await store.commit([add('wm2', T0 + 1_000), add('wm3', T0 + 1_000, { state: 'nopolicy' })], [], WINDOW)
    const claimed = await store.claim(T0 + 5_000, 2, 10_000, 5)
    expect(claimed.map((j) => [j.kind, j.external_userid])).toEqual([
      ['welcome', 'wm1'],
      ['welcome', 'wm2'],
    ])
    // The welcome lane: with no room for others, the tags wait however many slots are free.
    expect(await store.claim(T0 + 5_000, 10, 10_000, 5, [], 0)).toEqual([])
    const one = await store.claim(T0 + 5_000, 10, 10_000, 5, [], 1)
    expect(one.map((j) => [j.kind, j.external_userid])).toEqual([['tags', 'wm1']])
    const rest = [...one, ...(await store.claim(T0 + 5_000, 10, 10_000, 5))]
    expect(rest.map((j) => [j.kind, j.external_userid])).toEqual([
      ['tags', 'wm1'],
      ['tags', 'wm2'],
    ])
    expect(await store.pendingCount()).toBe(4)
    for (const j of [...claimed, ...rest]) await store.finish(j.id, 'done', T0 + 6_000)
    expect(await store.pendingCount()).toBe(0)
  })

  it('lets two stores on one database claim concurrently without ever sharing a job', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    await a.putPolicy(CORP, policy('s1'), T0, true)
    const adds = Array.from({ length: 120 }, (_, i) => add(`wm${i}`, T0 + i))
    for (let i = 0; i < adds.length; i += 20) await a.commit(adds.slice(i, i + 20), [], WINDOW)
    const taken = { a: [] as number[], b: [] as number[] }
    const drain = async (store: typeof a, into: number[]) => {
      for (;;) {
        const jobs = await store.claim(T0 + 10_000, 7, 10_000, 5)
        if (jobs.length === 0) return
        into.push(...jobs.map((j) => j.id))
      }
    }
    await Promise.all([drain(a, taken.a), drain(b, taken.b), drain(a, taken.a), drain(b, taken.b)])
    const all = [...taken.a, ...taken.b]
    expect(all).toHaveLength(240)
    expect(new Set(all).size).toBe(240)
    expect(taken.a.length).toBeGreaterThan(0)
    expect(taken.b.length).toBeGreaterThan(0)
  })

  it('hands a lapsed lease to the other store marked outcome_unknown, and records one past its attempts dead', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    await a.putPolicy(CORP, policy('s1'), T0, true)
    await a.commit([add('wm1', T0)], [], WINDOW)
    const mine = await a.claim(T0, 1, 10_000, 2)
    expect(mine.map((j) => [j.kind, j.outcome_unknown, j.attempts])).toEqual([['welcome', 0, 1]])
    // Within the lease nobody else takes it (b claims the tags job only).
    const others = await b.claim(T0 + 9_000, 10, 10_000, 2)
    expect(others.map((j) => j.kind)).toEqual(['tags'])
    await b.finish(others[0]!.id, 'done', T0 + 9_500)
    // The lease lapsed (a died mid-call): b takes it, marked.
    const lapsed = await b.claim(T0 + 10_001, 10, 10_000, 2)
    expect(lapsed.map((j) => [j.id, j.outcome_unknown, j.attempts])).toEqual([[mine[0]!.id, 1, 2]])
    // b dies too: at its attempts it is not run again but recorded dead.
    expect(await a.claim(T0 + 40_000, 10, 10_000, 2)).toEqual([])
    const welcome = (await a.actions(CORP, 0, 10)).find((x) => x.kind === 'welcome')!
    expect(welcome.status).toBe('dead')
    expect(welcome.lastError).toBe('中转服务在执行中中断，已达重试上限')
  })

  it('never takes a job this process still runs, and extends leases of running jobs', async () => {
    const store = await pgt.open(await pgt.database())
    await store.putPolicy(CORP, policy('s1'), T0, true)
    await store.commit([add('wm1', T0)], [], WINDOW)
    const [job] = await store.claim(T0, 1, 10_000, 5)
    expect(await store.claim(T0 + 20_000, 10, 10_000, 5, [job!.id, -1])).toHaveLength(1) // the tags job only
    await store.extendLeases([job!.id], T0 + 100_000)
    expect((await store.claim(T0 + 50_000, 10, 10_000, 5)).map((j) => j.id)).not.toContain(job!.id)
    await store.retryAt(job!.id, T0 + 60_000, T0 + 50_000, null, '超时', true)
    const again = await store.claim(T0 + 60_000, 10, 10_000, 5)
    expect(again.map((j) => [j.id, j.outcome_unknown])).toContainEqual([job!.id, 1])
    await store.setDetail(job!.id, '已发送')
    await store.finish(job!.id, 'done', T0 + 61_000)
    const outcome = (await store.actions(CORP, 0, 10)).find((a) => a.id === 1)!
    expect([outcome.status, outcome.detail]).toEqual(['done', '已发送'])
  })

  it('gives a lead role to exactly one of two stores, and to the other once the holder closes or loses its connection', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    expect(await a.lead('scheduler')).toBe(true)
    expect(await b.lead('scheduler')).toBe(false)
    expect(await a.lead('scheduler')).toBe(true)
    expect(await b.lead('router')).toBe(true)
    expect(await a.lead('router')).toBe(false)
    await a.close()
    await until(() => Promise.resolve(b.lead('scheduler')), 10_000, 'b to take the scheduler')
    // b's lock connection is cut (as a network loss would): it reports false, and a third store takes over.
    const c = await pgt.open(url)
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND granted`,
      [0x6c656164],
    )
    await admin.end()
    await until(async () => !(await b.lead('scheduler')), 10_000, 'b to notice its lost lock')
    await until(() => Promise.resolve(c.lead('scheduler')), 10_000, 'c to take the scheduler')
    expect(await b.lead('router')).toBe(false)
  })

  it('numbers one corp in commit order under concurrent commits from two stores: a reader never skips one', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    let writing = true
    const writer = async (store: typeof a, tag: string) => {
      for (let i = 0; i < 40; i++)
        await store.commit(
          [0, 1, 2].map((k) => add(`${tag}-${i}-${k}`, T0 + i, { state: '', welcomeCode: '' })),
          [],
          WINDOW,
        )
    }
    const seen: number[] = []
    const reader = async () => {
      let cursor = 0
      while (writing || seen.length < 480) {
        const page = await a.events(CORP, cursor, 50)
        for (const e of page) {
          // Contiguous: the next one visible is always cursor + 1.
          expect(e.seq).toBe(cursor + 1)
          cursor = e.seq
          seen.push(e.seq)
        }
        if (!writing && page.length === 0) break
      }
    }
    const reading = reader()
    await Promise.all([writer(a, 'a'), writer(b, 'b'), writer(a, 'c'), writer(b, 'd')])
    writing = false
    await reading
    expect(seen).toEqual(Array.from({ length: 480 }, (_, i) => i + 1))
  })

  it('stores a delete retried on two stores at once exactly once: one of them says new, numbers stay in commit order', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    const del = (i: number) =>
      add(`wm${i}`, T0 + i, { changeType: 'del_follow_user', state: '', welcomeCode: '' })
    // A first batch on each store makes the corp's counter row (the transaction path); after it both
    // take the one-statement path for deletes, and race on the same events.
    await a.commit([del(-1)], [], WINDOW)
    await b.commit([del(-2)], [], WINDOW)
    const answers: boolean[][] = [[], []]
    const race = async (store: typeof a, side: 0 | 1) => {
      for (let i = 0; i < 60; i += 4) {
        const batch = [0, 1, 2, 3].map((k) => del(i + k))
        answers[side]!.push(...(await store.commit(side ? [...batch].reverse() : batch, [], WINDOW)).events)
      }
    }
    await Promise.all([race(a, 0), race(b, 1)])
    // Each event is new on exactly one side: 60 new answers in all, and 60 rows.
    expect(answers.flat().filter(Boolean)).toHaveLength(60)
    const stored = await a.events(CORP, 0, 1000)
    expect(stored).toHaveLength(62)
    const seqs = stored.map((e) => e.seq)
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
    expect(new Set(stored.map((e) => e.externalUserid)).size).toBe(62)
    // The counter is never behind the numbers it gave: the next delete is numbered after all of them.
    await a.commit([del(1000)], [], WINDOW)
    const last = (await a.events(CORP, seqs[seqs.length - 1]!, 10))[0]!
    expect([last.externalUserid, last.seq > seqs[seqs.length - 1]!]).toEqual(['wm1000', true])
  })

  it('commits a batch of deletes over many corps as one transaction; two stores racing on the same corps in opposite orders never block each other, and each corp reads in order', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    const corps = Array.from({ length: 8 }, (_, i) => `wwcorp${i}`)
    const del = (corpId: string, id: string, at: number) =>
      add(id, at, { corpId, changeType: 'del_follow_user', state: '', welcomeCode: '' })
    // The first batch of each corp makes its counter row (the transaction path).
    await a.commit(
      corps.map((c) => del(c, 'first', T0)),
      [],
      WINDOW,
    )
    for (const c of corps) await b.commit([del(c, 'first-b', T0)], [], WINDOW)
    const rounds = 25
    const race = async (store: typeof a, tag: string, order: string[]) => {
      for (let i = 0; i < rounds; i++) {
        const answer = await store.commit(
          order.map((c) => del(c, `${tag}-${i}`, T0 + i)),
          [],
          WINDOW,
        )
        expect(answer.events).toEqual(order.map(() => true))
      }
    }
    const seen = new Map(corps.map((c) => [c, [] as number[]]))
    let writing = true
    const reader = async () => {
      const cursors = new Map(corps.map((c) => [c, 0]))
      for (;;) {
        const done = !writing
        for (const c of corps) {
          for (const e of await a.events(c, cursors.get(c)!, 100)) {
            // Contiguous: no delete of another batch becomes visible ahead of an earlier number.
            expect(e.seq).toBe(cursors.get(c)! + 1)
            cursors.set(c, e.seq)
            seen.get(c)!.push(e.seq)
          }
        }
        if (done) break
      }
    }
    const reading = reader()
    await Promise.all([race(a, 'a', corps), race(b, 'b', [...corps].reverse())])
    writing = false
    await reading
    for (const c of corps)
      expect(seen.get(c)).toEqual(Array.from({ length: 2 + 2 * rounds }, (_, i) => i + 1))
    // One transaction per batch: the eight corps' rows of a batch share the inserting xid (read
    // before any events() call numbers them, which writes new row versions).
    await a.commit(
      corps.map((c) => del(c, 'last', T0 + 99)),
      [],
      WINDOW,
    )
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      const batch = await admin.query<{ xids: string; n: string; unnumbered: string }>(
        `SELECT count(DISTINCT xmin::text) AS xids, count(*) AS n, count(*) FILTER (WHERE corp_seq IS NULL) AS unnumbered
         FROM events WHERE external_userid = 'last'`,
      )
      expect(batch.rows[0]).toEqual({ xids: '1', n: String(corps.length), unnumbered: String(corps.length) })
    } finally {
      await admin.end()
    }
    // Numbered when read, after everything before it.
    for (const c of corps)
      expect((await b.events(c, 2 + 2 * rounds, 10)).map((e) => [e.seq, e.externalUserid])).toEqual([
        [3 + 2 * rounds, 'last'],
      ])
  })

  it("numbers a batch in its own order, not its dedupe keys' (a delete, then the same customer added again)", async () => {
    const store = await pgt.open(await pgt.database())
    await store.commit([add('wm0', T0, { state: '', welcomeCode: '' })], [], WINDOW)
    const batch = [
      add('wm0', T0 + 1_000, { changeType: 'del_follow_user', state: '', welcomeCode: '' }),
      add('wm0', T0 + 2_000, { state: '', welcomeCode: '' }),
      add('wm1', T0 + 3_000, { changeType: 'del_follow_user', state: '', welcomeCode: '' }),
    ]
    expect((await store.commit(batch, [], WINDOW)).events).toEqual([true, true, true])
    expect((await store.events(CORP, 1, 10)).map((e) => [e.seq, e.changeType, e.externalUserid])).toEqual([
      [2, 'del_follow_user', 'wm0'],
      [3, 'add_external_contact', 'wm0'],
      [4, 'del_follow_user', 'wm1'],
    ])
  })

  it('never waits on another corp: a commit of corp B goes through while corp A is locked', async () => {
    const url = await pgt.database()
    const store = await pgt.open(url)
    await store.commit([add('wm0', T0)], [], WINDOW)
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query('BEGIN')
    await admin.query(`SELECT 1 FROM corp_counters WHERE corp_id = $1 FOR UPDATE`, [CORP])
    const blocked = store.commit([add('wm1', T0 + 1)], [], WINDOW)
    const other = await store.commit([add('wm1', T0 + 1, { corpId: 'wwcorpb' })], [], WINDOW)
    expect(other.events).toEqual([true])
    await admin.query('COMMIT')
    await admin.end()
    expect((await blocked).events).toEqual([true])
  })

  it('shows a policy pushed on one store at once to the other: policy(), hasPolicy and its commits', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    await a.putPolicy(CORP, policy('s1', { name: '第一版', version: 1 }), T0, true)
    expect((await b.policy(CORP, 's1'))?.name).toBe('第一版') // b parses and caches it
    expect(await b.hasPolicy(CORP, 's2')).toBe(false)
    await b.commit([add('wm1', T0, { state: 's2' })], [], WINDOW)
    expect(await b.actions(CORP, 0, 10)).toEqual([])

    await a.putPolicy(CORP, policy('s1', { name: '第二版', version: 2 }), T0 + 1, false)
    await a.putPolicy(
      CORP,
      policy('s2', { autoRemark: { remark: '{客户昵称}', description: '' } }),
      T0 + 1,
      true,
    )
    expect((await b.policy(CORP, 's1'))?.name).toBe('第二版')
    expect((await b.policies(CORP)).map((p) => [p.state, p.name])).toEqual([
      ['s1', '第二版'],
      ['s2', '码 s2'],
    ])
    expect(await b.hasPolicy(CORP, 's2')).toBe(true)
    expect((await b.commit([add('wm2', T0 + 2, { state: 's2' })], [], WINDOW)).queuedJobs).toBe(true)
    expect((await b.actions(CORP, 0, 10)).map((x) => x.kind)).toEqual(['welcome', 'tags', 'remark'])
    expect(await b.skipState(CORP, 's1')).toEqual({ written: false, failedSkip: null, failedAt: null })

    await a.deletePolicy(CORP, 's1')
    expect(await b.policy(CORP, 's1')).toBeNull()
    expect(await b.skipState(CORP, 's1')).toEqual({ written: null, failedSkip: null, failedAt: null })
  })

  it('refuses a push older than the stored version', async () => {
    const store = await pgt.open(await pgt.database())
    expect(await store.putPolicy(CORP, policy('s1', { name: '新', version: 5 }), T0, true)).toBe(true)
    expect(await store.putPolicy(CORP, policy('s1', { name: '旧', version: 3 }), T0 + 1, false)).toBe(false)
    expect((await store.policy(CORP, 's1'))?.name).toBe('新')
    expect((await store.skipState(CORP, 's1')).written).toBe(true)
    expect(await store.putPolicy(CORP, policy('s1', { name: '同版', version: 5 }), T0 + 2, true)).toBe(true)
    expect((await store.policy(CORP, 's1'))?.name).toBe('同版')
  })

  it('keeps flips one at a time per code, and records written and failed values', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    const results = await Promise.all([
      a.enqueueFlipUnlessOpen(CORP, 's1', true, T0),
      b.enqueueFlipUnlessOpen(CORP, 's1', true, T0),
      a.enqueueFlipUnlessOpen(CORP, 's1', true, T0),
    ])
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await b.hasOpenFlip(CORP, 's1')).toBe(true)
    const [flip] = await b.claim(T0, 10, 10_000, 5)
    expect([flip?.kind, flip?.payload]).toEqual(['skip_verify', '{"skipVerify":true}'])
    await b.finish(flip!.id, 'failed', T0 + 1, 40001, 'x')
    await b.flipFailed(CORP, 's1', true, T0 + 1)
    expect(await a.skipState(CORP, 's1')).toEqual({ written: null, failedSkip: true, failedAt: T0 + 1 })
    expect(await a.hasOpenFlip(CORP, 's1')).toBe(false)
    await a.flipWritten(CORP, 's1', true)
    expect(await b.skipState(CORP, 's1')).toEqual({ written: true, failedSkip: null, failedAt: null })
  })

  it('refuses a registry push from a stale base version, whichever store took the newer one', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    const record = (name: string) =>
      ({
        name,
        creator: '张三',
        state: 's1',
        configId: 'cfg1',
        qrUrl: 'https://example.com/q.png',
        createdAt: T0,
        updatedAt: T0,
        origin: 'app',
        memberUserids: ['u1'],
        tagIds: [],
        welcome: { mode: 'own' },
        autoAccept: { mode: 'on' },
      }) as RegistryRecord
    const author = { keyId: 'k1', who: '张三' }
    expect(await a.registry.push(CORP, 's1', 0, record('一'), author, T0)).toEqual({
      ok: true,
      version: 1,
      changedAt: T0,
    })
    const conflict = await b.registry.push(CORP, 's1', 0, record('二'), author, T0 + 1)
    expect(conflict.ok).toBe(false)
    expect(!conflict.ok && conflict.current?.record.name).toBe('一')
    expect(await b.registry.push(CORP, 's1', 1, record('二'), author, T0 + 2)).toMatchObject({
      ok: true,
      version: 2,
    })
    expect(await a.registry.push(CORP, 's1', 2, null, author, T0 + 3)).toMatchObject({ ok: true, version: 3 })
    expect((await a.registry.push(CORP, 's1', 3, null, author, T0 + 4)).ok).toBe(false)
    expect((await b.registry.since(CORP, 0, 10)).map((e) => [e.version, e.deleted, e.record.name])).toEqual([
      [3, true, '二'],
    ])
    expect((await a.registry.changes(CORP)).map((c) => [c.seq, c.baseVersion, c.deleted])).toEqual([
      [1, 0, false],
      [2, 1, false],
      [3, 2, true],
    ])
    // Concurrent pushes from the same base: exactly one wins.
    const raced = await Promise.all([
      a.registry.push(CORP, 's2', 0, record('甲'), author, T0 + 5),
      b.registry.push(CORP, 's2', 0, record('乙'), author, T0 + 5),
    ])
    expect(raced.filter((r) => r.ok)).toHaveLength(1)
  })

  it('issues, finds, lists and revokes desktop keys across stores', async () => {
    let now = T0
    const url = await pgt.database()
    const a = await pgt.open(url, () => now)
    const b = await pgt.open(url, () => now)
    const issued = await a.keys.issue(CORP, 'desk-1', '李四')
    expect(issued?.key).toMatch(/^rk_/)
    expect(await b.keys.issue(CORP, 'desk-1', '王五')).toBeNull()
    expect(await a.keys.issue(CORP, 'admin', 'x')).toBeNull()
    now += 60_000
    expect(await b.keys.holder(issued!.key)).toEqual({ corpId: CORP, keyId: 'desk-1', who: '李四' })
    expect((await a.keys.list(CORP)).map((k) => [k.keyId, k.lastSeenAt, k.revokedAt])).toEqual([
      ['desk-1', T0 + 60_000, null],
    ])
    expect(await a.keys.revoke(CORP, 'desk-1')).toBe(true)
    expect(await b.keys.holder(issued!.key)).toBeNull()
    expect(await b.keys.revoke(CORP, 'desk-1')).toBe(false)
    const reissued = await b.keys.issue(CORP, 'desk-1', '王五')
    expect(await a.keys.holder(reissued!.key)).toMatchObject({ who: '王五' })
    expect(await a.keys.holder(issued!.key)).toBeNull()
  })

  it('keeps routing tables, numbering the routing log per corp', async () => {
    const store = await pgt.open(await pgt.database())
    const r = store.routing
    await r.putProfiles(CORP, [{ userid: 'u1' }, { userid: 'u2' }] as never)
    expect([...(await r.profiles(CORP)).keys()]).toEqual(['u1', 'u2'])
    expect(await r.markDeparted(CORP, 'u2', T0, 'sync')).toBe(true)
    expect(await r.markDeparted(CORP, 'u2', T0, 'sync')).toBe(false)
    expect([...(await r.departed(CORP))]).toEqual(['u2'])
    await r.reinstate(CORP, 'u2')
    expect((await r.departed(CORP)).size).toBe(0)
    const entry = {
      state: 's1',
      at: T0,
      reason: 'cap' as never,
      before: ['u1'],
      after: ['u2'],
      detail: '满额',
    }
    await r.putCode(
      CORP,
      's1',
      { users: ['u2'], policyVersion: 7, eligible: ['u2'], alert: '告警' },
      T0,
      entry,
    )
    await r.log(CORP, { ...entry, at: T0 + 1 })
    await r.log('wwother', entry)
    expect(await r.code(CORP, 's1')).toEqual({
      users: ['u2'],
      policyVersion: 7,
      eligible: ['u2'],
      alert: '告警',
    })
    expect(await r.alerts(CORP)).toEqual([{ state: 's1', alert: '告警' }])
    expect((await r.logAfter(CORP, 0, 10)).map((l) => [l.id, l.at, l.before])).toEqual([
      [1, T0, ['u1']],
      [2, T0 + 1, ['u1']],
    ])
    expect((await r.logAfter('wwother', 0, 10)).map((l) => l.id)).toEqual([1])
    await r.dropCode(CORP, 's1')
    expect((await r.code(CORP, 's1')).users).toBeNull()
    const day = { day: '2027-01-15', userid: 'u1', state: 's1', at: T0 }
    expect(
      await r.addAdds(CORP, [
        { ...day, externalUserid: 'wm1' },
        { ...day, externalUserid: 'wm1' },
        { ...day, externalUserid: 'wm2' },
      ]),
    ).toBe(2)
    expect(await r.addsOn(CORP, '2027-01-15')).toEqual([{ userid: 'u1', state: 's1', n: 2 }])
    await r.setCursor(CORP, 5, 3)
    expect(await r.cursor(CORP)).toEqual({ eventSeq: 5, messageId: 3 })
    await store.commit([add('wm1', T0, { state: '' })], [], WINDOW)
    expect((await r.addEvents(CORP, 0, 10)).map((e) => [e.seq, e.change_type])).toEqual([
      [1, 'add_external_contact'],
    ])
  })

  it('keeps uptime spans of several instances, media ids and settings', async () => {
    const url = await pgt.database()
    const a = await pgt.open(url)
    const b = await pgt.open(url)
    const spanA = await a.uptime.startSpan(T0)
    const spanB = await b.uptime.startSpan(T0 + 5)
    await a.uptime.beat(spanA, T0 + 60_000)
    await b.uptime.beat(spanB, T0 + 30_000)
    expect(await b.uptime.spans()).toEqual([
      { started_at: T0, last_beat_at: T0 + 60_000 },
      { started_at: T0 + 5, last_beat_at: T0 + 30_000 },
    ])
    await a.putMedia(CORP, 'abc', 'MEDIA1', T0)
    await a.putMedia(CORP, 'abc', 'MEDIA2', T0 + 1)
    expect(await b.media(CORP, 'abc')).toEqual({ mediaId: 'MEDIA2', createdAt: T0 + 1 })
    expect(await b.settings(CORP)).toBeNull()
    const settings = {
      timeZone: 'Asia/Shanghai',
      defaultWelcome: { text: '欢迎', attachment: null },
    } as never
    await a.putSettings(CORP, settings)
    expect(await b.settings(CORP)).toEqual(settings)
    expect(await b.lastEventAt(CORP)).toBeNull()
    await a.commit([add('wm1', T0 + 7, { state: '' })], [], WINDOW)
    expect(await b.lastEventAt(CORP)).toBe(T0 + 7)
  })
})
