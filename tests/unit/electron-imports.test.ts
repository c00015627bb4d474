// Electron is loaded by main/index.ts alone: every other file either imports nothing from it or only
// its types (erased at build), so the core, the host and the app:// resolver all run in plain Node.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
}

describe('who loads electron', () => {
  it('only main/index.ts (and the sandboxed preload) import electron at run time', () => {
    const runtimeImport =
      /^import\s+(?!type\b)[^;]*from\s+['"]electron(?:-updater)?['"]|^[^/\n]*require\(['"]electron['"]\)/m
    const loaders = ['main', 'common', 'renderer', 'sandbox', 'relay', 'wecom', 'scripts', 'preload']
      .flatMap(sources)
      .filter((file) => runtimeImport.test(readFileSync(path.join(root, file), 'utf8')))
    expect(loaders.sort()).toEqual(['main/index.ts', 'preload/index.ts'])
  })
})
