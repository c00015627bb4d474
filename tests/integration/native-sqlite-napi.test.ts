// better-sqlite3 13 ships one prebuilt Node-API binary per platform. Node-API is ABI-stable across
// runtimes, which is what lets the same file load in Electron 45 with no rebuild; here that is shown
// the way a runtime-specific (V8 ABI) addon would fail it: the same node_modules, loaded by two Node
// majors with different module ABIs, both fetched from the npm registry as CI fetches Node 24.

import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findElectronBinary } from '../../scripts/electron-binary'

const root = path.resolve(__dirname, '../..')

function nodeBin(major: number): string {
  const fetched = spawnSync('bash', [path.join(root, 'scripts/fetch-node.sh'), String(major)], {
    encoding: 'utf8',
  })
  if (fetched.status !== 0) throw new Error(`fetch-node ${major} failed: ${fetched.stderr}`)
  return path.join(fetched.stdout.trim(), 'node')
}

interface Probe {
  node: string
  modules: string
  sqlite: string
  binary: string[]
  rows: number
}

// Opens a real file, writes and reads it back, and reports which native file served the calls.
const PROBE = `
const Database = require('better-sqlite3')
const db = new Database(process.argv[1])
db.exec('CREATE TABLE IF NOT EXISTS t (n INTEGER)')
db.prepare('INSERT INTO t (n) VALUES (?)').run(Number(process.versions.node.split('.')[0]))
const rows = db.prepare('SELECT count(*) AS c FROM t').get().c
const sqlite = db.prepare('SELECT sqlite_version() AS v').get().v
db.close()
process.stdout.write(JSON.stringify({
  node: process.versions.node, modules: process.versions.modules, sqlite, rows,
  binary: Object.keys(require.cache).filter((f) => f.endsWith('.node')),
}))
`

function probe(node: string, dbFile: string): Probe {
  const run = spawnSync(node, ['-e', PROBE, dbFile], { cwd: root, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`${node} could not load better-sqlite3: ${run.stderr}`)
  return JSON.parse(run.stdout) as Probe
}

describe('the SQLite driver', () => {
  it('loads the same prebuilt Node-API binary under Node 22 and Node 24, with no compile step', () => {
    const dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'napi-')), 'probe.sqlite')
    const on22 = probe(nodeBin(22), dbFile)
    const on24 = probe(nodeBin(24), dbFile)

    expect(on22.node.split('.')[0]).toBe('22')
    expect(on24.node.split('.')[0]).toBe('24')
    // Different V8 module ABIs: an addon built for one would refuse to load in the other.
    expect(on22.modules).not.toBe(on24.modules)
    // One and the same file, from the package's prebuilds (nothing was compiled into build/).
    expect(on22.binary).toHaveLength(1)
    expect(on22.binary).toEqual(on24.binary)
    expect(on22.binary[0]).toMatch(/better-sqlite3[\\/]prebuilds[\\/][a-z0-9-]+\.node$/)
    // Both wrote to the same database file.
    expect(on24.rows).toBe(2)
    expect(on24.sqlite).toBe(on22.sqlite)
  }, 600_000) // two Node builds from the registry on a fresh machine: its speed varies a lot

  // Where the Electron binary is installed (after a first `npm start`), the very same file also loads
  // in Electron's Node, with no rebuild; here, without the binary, this says so and skips.
  const electron = findElectronBinary(root)
  it.skipIf('missing' in electron)(
    `loads the same binary in Electron (${'missing' in electron ? `skipped: ${electron.missing}` : 'installed'})`,
    () => {
      if ('missing' in electron) return
      const dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'napi-electron-')), 'probe.sqlite')
      const run = spawnSync(electron.path, ['-e', PROBE, dbFile], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      })
      if (run.status !== 0) throw new Error(`Electron could not load better-sqlite3: ${run.stderr}`)
      const inElectron = JSON.parse(run.stdout) as Probe
      const inNode = probe(process.execPath, dbFile)
      expect(inElectron.binary).toEqual(inNode.binary)
      expect(inNode.rows).toBe(2)
    },
    120_000,
  )
})
