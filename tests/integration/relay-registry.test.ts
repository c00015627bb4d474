// The corp's code registry and per-desktop keys on a real relay (relay/registry): versions numbered
// per corp, a push from a moved version refused 409 with the record as it stands, deletes kept as
// tombstones, unknown fields riding along, every change recording its key; issued keys hashed at
// rest, listed with their last use, refused at once when revoked, their earlier changes kept.

import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { newEncodingAesKey } from '../../sandbox'
import { startRelay, type Relay } from '../../relay'
import { RelayStore } from '../../relay/store'
import { RegistryStore } from '../../relay/registry/store'
import { schemaVersion } from '../../common/sqlite-migrations'
import { sqliteOnly, testStoreConfig } from './relay-test-store'

const ADMIN = 'registry-admin-key-0123456789'

// Skipped on PostgreSQL (RELAY_TEST_STORE=postgres): these read, edit or hook the SQLite file.
sqliteOnly([
  'issues a key per desktop: hashed at rest, listed with last use, revoked → 401 at once, its changes keep their author',
  'adds the registry and key tables to a step-5 file, its rows kept',
])
const corp = (corpId: string, apiKey: string) => ({
  corpId,
  token: 'regtoken123',
  encodingAesKey: newEncodingAesKey(),
  secret: 'registry-secret-1',
  apiKey,
  apiBase: 'http://127.0.0.1:9',
})
const open: { relay: Relay; dir: string }[] = []
afterEach(async () => {
  for (const { relay, dir } of open.splice(0)) {
    await relay.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})

async function relayWorld() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-registry-'))
  const relay = await startRelay({
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    corps: [corp('wwregcorp01', ADMIN), corp('wwothercorp1', 'other-corp-admin-key-000001')],
    log: () => {},
    ...(await testStoreConfig()),
  })
  open.push({ relay, dir })
  const api = async (key: string, method: string, route: string, body?: unknown) => {
    const res = await fetch(`${relay.url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  return { dir, relay, api }
}

const record = (over: Record<string, unknown> = {}) => ({
  name: '门店海报',
  creator: '张三',
  state: 'lcstate1',
  configId: 'cfg1',
  qrUrl: 'https://example.com/qr.png',
  createdAt: 1,
  updatedAt: 1,
  origin: 'app',
  memberUserids: ['zhangsan'],
  tagIds: [],
  welcome: { mode: 'own', text: '你好', attachment: null },
  autoAccept: { mode: 'on', windows: [] },
  ...over,
})
const push = (codeKey: string, baseVersion: number, rec: unknown) => ({ codeKey, baseVersion, record: rec })

describe('the relay’s code registry', () => {
  it('numbers changes per corp, refuses a moved version with 409 and the current record, keeps tombstones', async () => {
    const { api } = await relayWorld()
    const created = await api(ADMIN, 'PUT', '/registry/lcstate1', push('lcstate1', 0, record()))
    expect(created).toMatchObject({ status: 200, body: { ok: true, version: 1 } })
    // Creating the same key again is a conflict: it exists.
    const again = await api(ADMIN, 'PUT', '/registry/lcstate1', push('lcstate1', 0, record()))
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ error: 'conflict', current: { version: 1, deleted: false } })
    // Another corp's numbering is its own.
    const other = await api('other-corp-admin-key-000001', 'PUT', '/registry/x1', push('x1', 0, record()))
    expect(other.body).toMatchObject({ version: 1 })

    // A later desktop's extra fields (groups, routing, …) are stored and given back unchanged.
    const edited = record({
      name: '门店海报2',
      routing: { weights: { a: 2 } },
      welcome: { mode: 'own', text: 'x', attachment: null, remark: 'r' },
    })
    const second = await api(ADMIN, 'PUT', '/registry/lcstate1', push('lcstate1', 1, edited))
    expect(second.body).toMatchObject({ ok: true, version: 2 })
    const stale = await api(ADMIN, 'PUT', '/registry/lcstate1', push('lcstate1', 1, record({ name: '旧' })))
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({ current: { version: 2, record: { name: '门店海报2' } } })

    const page = await api(ADMIN, 'GET', '/registry?after=0')
    expect(page.body.entries).toEqual([
      expect.objectContaining({
        codeKey: 'lcstate1',
        version: 2,
        record: expect.objectContaining({
          routing: { weights: { a: 2 } },
          welcome: expect.objectContaining({ remark: 'r' }),
        }),
        changedBy: { keyId: 'admin', who: '管理员' },
      }),
    ])
    expect((await api(ADMIN, 'GET', '/registry?after=2')).body).toMatchObject({ entries: [], nextCursor: 2 })

    // A delete is a tombstone at a new version; nothing writes over it.
    const gone = await api(ADMIN, 'PUT', '/registry/lcstate1', push('lcstate1', 2, null))
    expect(gone.body).toMatchObject({ version: 3 })
    const after = await api(ADMIN, 'GET', '/registry?after=2')
    expect(after.body.entries).toEqual([
      expect.objectContaining({
        version: 3,
        deleted: true,
        record: expect.objectContaining({ name: '门店海报2' }),
      }),
    ])
    const late = await api(ADMIN, 'PUT', '/registry/lcstate1', push('lcstate1', 3, record()))
    expect(late.status).toBe(409)
    expect(late.body).toMatchObject({ current: { deleted: true } })
    // Fields the list needs are still checked at the door.
    const bad = await api(ADMIN, 'PUT', '/registry/k2', push('k2', 0, { ...record(), memberUserids: 'x' }))
    expect(bad.status).toBe(400)
    const mismatch = await api(ADMIN, 'PUT', '/registry/k3', push('k2', 0, record()))
    expect(mismatch.status).toBe(400)
  })

  it('issues a key per desktop: hashed at rest, listed with last use, revoked → 401 at once, its changes keep their author', async () => {
    const { api, dir } = await relayWorld()
    const issued = await api(ADMIN, 'PUT', '/keys/desk-li', { keyId: 'desk-li', who: '李四' })
    expect(issued.status).toBe(200)
    const key = issued.body.key as string
    expect(key).toMatch(/^rk_/)
    expect((await api(ADMIN, 'PUT', '/keys/desk-li', { keyId: 'desk-li', who: '李四' })).status).toBe(409)
    // A desktop key is not the admin's: it cannot issue or revoke.
    expect((await api(key, 'PUT', '/keys/desk-x', { keyId: 'desk-x', who: 'X' })).status).toBe(403)
    expect((await api(key, 'GET', '/me')).body).toEqual({ keyId: 'desk-li', who: '李四', admin: false })
    const made = await api(key, 'PUT', '/registry/lcli', push('lcli', 0, record({ state: 'lcli' })))
    expect(made.status).toBe(200)
    const listed = await api(ADMIN, 'GET', '/keys')
    expect(listed.body.keys).toEqual([
      expect.objectContaining({
        keyId: 'desk-li',
        who: '李四',
        lastSeenAt: expect.any(Number),
        revokedAt: null,
      }),
    ])
    // The key is nowhere in the file, only its hash.
    expect(readFileSync(path.join(dir, 'relay.sqlite')).includes(Buffer.from(key))).toBe(false)

    expect((await api(ADMIN, 'DELETE', '/keys/desk-li')).status).toBe(200)
    expect((await api(key, 'GET', '/registry')).status).toBe(401)
    expect((await api(key, 'PUT', '/registry/lcli', push('lcli', 1, record({ state: 'lcli' })))).status).toBe(
      401,
    )
    const page = await api(ADMIN, 'GET', '/registry')
    expect(page.body.entries).toEqual([
      expect.objectContaining({ codeKey: 'lcli', changedBy: { keyId: 'desk-li', who: '李四' } }),
    ])
    expect((await api(ADMIN, 'GET', '/keys')).body.keys).toEqual([
      expect.objectContaining({ keyId: 'desk-li', revokedAt: expect.any(Number) }),
    ])
    // The other corp's admin sees none of this corp's keys.
    expect((await api('other-corp-admin-key-000001', 'GET', '/keys')).body.keys).toEqual([])
  })
})

describe('relay store step 6', () => {
  it('adds the registry and key tables to a step-5 file, its rows kept', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-step6-'))
    const old = new RelayStore(dir, 5)
    old.putSettings('wwc', { timeZone: 'Asia/Shanghai', defaultWelcome: { text: 'hi', attachment: null } })
    await old.close()
    const store = new RelayStore(dir)
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(6)
    expect(store.settings('wwc')?.defaultWelcome.text).toBe('hi')
    const registry = new RegistryStore(store.db)
    const author = { keyId: 'admin', who: '管理员' }
    expect(registry.push('wwc', 'k', 0, record() as never, author, 5)).toEqual({
      ok: true,
      version: 1,
      changedAt: 5,
    })
    expect(registry.changes('wwc')).toEqual([
      expect.objectContaining({ seq: 1, codeKey: 'k', baseVersion: 0, keyId: 'admin' }),
    ])
    const tables = new Database(path.join(dir, 'relay.sqlite'), { readonly: true })
    const names = (
      tables.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name)
    expect(names).toEqual(expect.arrayContaining(['registry', 'registry_changes', 'desktop_keys']))
    tables.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
