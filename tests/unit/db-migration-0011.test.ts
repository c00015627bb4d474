// Step 11 (the desktop's registry mirror and outbox): a database from step 10 keeps its codes, gains
// the two tables, and every code starts unlinked (so the first sync shares it with the registry).

import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, openDatabase } from '../../main/db'
import { configureConnection } from '../../main/db/connection'
import { createRegistryRepo } from '../../main/registry/repo'
import { newCode, tempDbFile } from './db-fixtures'

describe('desktop step 11', () => {
  it('adds the registry mirror and outbox to a step-10 file, its codes kept and unlinked', () => {
    const file = tempDbFile()
    const old = new Database(file)
    configureConnection(old)
    migrate(old, { target: 10 })
    old.close()
    const at10 = openDatabase(file, { migrateTo: 10 })
    const code = at10.codes.insert(newCode({ name: '旧码' }))
    at10.close()

    const db = openDatabase(file)
    expect(db.codes.get(code.id)?.name).toBe('旧码')
    const repo = createRegistryRepo(db.sqlite)
    expect(repo.unlinked()).toEqual([{ id: code.id }])
    repo.ensure(code.id, code.state)
    repo.outbox.add(code.id, 'edit', null, 1)
    expect(repo.unlinked()).toEqual([])
    expect(repo.outbox.list()).toEqual([
      expect.objectContaining({ codeId: code.id, kind: 'edit', stage: 'relay' }),
    ])
    expect(repo.link(code.id)).toMatchObject({ version: 0, conflict: null, tombstoned: false })
    db.close()
  })
})
