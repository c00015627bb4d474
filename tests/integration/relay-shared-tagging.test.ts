// The SQLite store on the case the PostgreSQL store is held to (shared-tagging-case.ts): its ingest
// skips the shared-tagging query when the pair has no job of the kind yet, which must change nothing
// for a half add followed by its full add, nor for a re-add after a delete.

import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'vitest'
import { RelayStore } from '../../relay/store'
import { halfAndFullAddShareOneTagging } from './shared-tagging-case'

describe('the SQLite relay store', () => {
  it('gives the half and the full add of one scan one tagging, and the full add wakes it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-shared-tagging-'))
    const store = new RelayStore(dir)
    try {
      await halfAndFullAddShareOneTagging(store)
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
