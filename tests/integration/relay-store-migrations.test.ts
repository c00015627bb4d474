// The relay store evolves by numbered steps: a data folder from release 0.1.0 (which had no schema
// version) opens on the newest schema with every row kept, each step carries the rows before it
// forward, and a folder from a newer relay is refused instead of being guessed at.

import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NewerDatabaseError, schemaVersion } from '../../common/sqlite-migrations'
import { RELAY_SCHEMA_VERSION } from '../../relay/migrations'
import { RelayStore } from '../../relay/store'

const FIXTURE = path.resolve(__dirname, '../fixtures/relay-release-0.1.0.sql')

/** A data folder holding relay.sqlite exactly as release 0.1.0's relay wrote it. */
function releaseFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-v010-'))
  const db = new Database(path.join(dir, 'relay.sqlite'))
  db.exec(readFileSync(FIXTURE, 'utf8'))
  db.close()
  return dir
}

const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string
    }[]
  )
    .map((t) => t.name)
    .filter((n) => !n.startsWith('sqlite_'))

describe('the relay store’s migrations', () => {
  it('opens a data folder from release 0.1.0 on the newest schema, every row kept', async () => {
    const dir = releaseFolder()
    const before = new Database(path.join(dir, 'relay.sqlite'))
    expect(schemaVersion(before)).toBe(0)
    before.close()

    const store = new RelayStore(dir)
    expect(schemaVersion(store.db)).toBe(RELAY_SCHEMA_VERSION)
    expect(store.events('wwreleasecorp', 0, 100).map((e) => [e.changeType, e.externalUserid])).toEqual([
      ['add_external_contact', 'wmA'],
      ['add_external_contact', 'wmB'],
      ['del_follow_user', 'wmA'],
    ])
    expect(store.events('wwothercorp', 0, 100)).toHaveLength(1)
    expect(store.policy('wwreleasecorp', 'lcrelease01')?.name).toBe('发布版活码')
    expect(store.settings('wwreleasecorp')?.defaultWelcome.text).toBe('默认欢迎')
    expect(store.media('wwreleasecorp', 'abc123')?.mediaId).toBe('MEDIA1')
    expect(store.skipState('wwreleasecorp', 'lcrelease01')).toMatchObject({ written: false })
    const statuses = store.actions('wwreleasecorp', 0, 100).map((a) => a.status)
    expect(statuses.filter((s) => s === 'done')).toHaveLength(1)
    // The dedupe still holds across the upgrade: the same event again is not new.
    const again = store.ingest(
      [
        {
          corpId: 'wwreleasecorp',
          event: 'change_external_contact',
          changeType: 'add_external_contact',
          userid: 'zhangwei',
          externalUserid: 'wmA',
          state: 'lcrelease01',
          welcomeCode: 'WC1',
          createTime: 1795000000,
          source: '',
          receivedAt: Date.now(),
        },
      ],
      20_000,
    )
    expect(again).toEqual([false])
    // Step 5: every stored event and job keeps the number a desktop's cursor may hold; new ones
    // continue their own corp's sequence (wwothercorp's event 4 is its 4, its next is 5).
    expect(store.events('wwreleasecorp', 0, 100).map((e) => e.seq)).toEqual([1, 2, 3])
    expect(store.events('wwothercorp', 0, 100).map((e) => e.seq)).toEqual([4])
    expect(store.actions('wwreleasecorp', 0, 100).map((a) => a.id)).toEqual([1, 2, 3, 4])
    const next = (corpId: string, externalUserid: string) =>
      store.ingest(
        [
          {
            corpId,
            event: 'change_external_contact',
            changeType: 'del_follow_user',
            userid: 'zhangwei',
            externalUserid,
            state: '',
            welcomeCode: '',
            createTime: 1795000300,
            source: '',
            receivedAt: Date.now(),
          },
        ],
        20_000,
      )
    next('wwothercorp', 'wmD')
    next('wwreleasecorp', 'wmE')
    expect(store.events('wwothercorp', 0, 100).map((e) => e.seq)).toEqual([4, 5])
    expect(store.events('wwreleasecorp', 0, 100).map((e) => e.seq)).toEqual([1, 2, 3, 4])
    await store.close()
    // A second open has nothing left to do.
    const reopened = new RelayStore(dir)
    expect(schemaVersion(reopened.db)).toBe(RELAY_SCHEMA_VERSION)
    await reopened.close()
  })

  it('step 1 makes the release schema in a new folder; later steps add to it and keep the rows', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-steps-'))
    const v1 = new RelayStore(dir, 1)
    expect(schemaVersion(v1.db)).toBe(1)
    expect(tables(v1.db)).toEqual([
      'events',
      'jobs',
      'media',
      'policies',
      'schema_version',
      'settings',
      'skip_state',
    ])
    v1.putSettings('wwstepcorp', {
      timeZone: 'Asia/Shanghai',
      defaultWelcome: { text: '步骤一', attachment: null },
    })
    await v1.close()

    const v2 = new RelayStore(dir, 2)
    expect(schemaVersion(v2.db)).toBe(2)
    expect(tables(v2.db)).toContain('uptime')
    expect(v2.settings('wwstepcorp')?.defaultWelcome.text).toBe('步骤一')
    await v2.close()

    const v4 = new RelayStore(dir, 4)
    expect(schemaVersion(v4.db)).toBe(4)
    expect(tables(v4.db)).toContain('messages')
    // Step 3: policies pushed before it count as version 0, so any versioned push replaces them.
    expect(
      v4.db
        .prepare('SELECT count(*) FROM pragma_table_info(?) WHERE name = ?')
        .pluck()
        .get('policies', 'version'),
    ).toBe(1)
    await v4.close()

    const v5 = new RelayStore(dir, 5)
    const columns = (table: string) =>
      (v5.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).sort()
    expect(columns('events')).toContain('corp_seq')
    expect(columns('jobs')).toEqual(expect.arrayContaining(['corp_seq', 'outcome_unknown']))
    await v5.close()
  })

  it('refuses a data folder written by a newer relay, and leaves it as it was', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-newer-'))
    await new RelayStore(dir).close()
    const raw = new Database(path.join(dir, 'relay.sqlite'))
    raw.pragma(`user_version = ${RELAY_SCHEMA_VERSION + 5}`)
    raw.close()
    expect(() => new RelayStore(dir)).toThrow(NewerDatabaseError)
    expect(() => new RelayStore(dir)).toThrow(/更新版本的中转服务/)
    const after = new Database(path.join(dir, 'relay.sqlite'))
    expect(Number(after.pragma('user_version', { simple: true }))).toBe(RELAY_SCHEMA_VERSION + 5)
    after.close()
  })
})
