// `npm run web` and `npm start` build only what is missing or older than its sources.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureBuilt, staleReason, type BuildPart } from '../../scripts/build-freshness'

const roots: string[] = []
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })))

function project(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'freshness-'))
  roots.push(root)
  mkdirSync(path.join(root, 'renderer/components'), { recursive: true })
  mkdirSync(path.join(root, 'common'), { recursive: true })
  writeFileSync(path.join(root, 'renderer/components/App.tsx'), 'export {}')
  writeFileSync(path.join(root, 'common/domain.ts'), 'export {}')
  return root
}

function writeAt(root: string, rel: string, seconds: number) {
  const file = path.join(root, rel)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, 'x')
  utimesSync(file, seconds, seconds)
}

/** A builder that writes the part's outputs, as vite does, and records that it ran. */
function recordingBuilder(root: string, calls: BuildPart[]) {
  return (part: BuildPart, spec: { outputs: string[] }) => {
    calls.push(part)
    for (const output of spec.outputs) writeAt(root, output, Date.now() / 1000 + 5)
    return true
  }
}

describe('the build before npm run web / npm start', () => {
  it('builds the renderer when dist/ is missing, then not again while nothing changed', () => {
    const root = project()
    expect(staleReason(root, 'renderer')).toBe('dist/renderer/index.html 不存在')
    const calls: BuildPart[] = []
    const lines: string[] = []
    expect(ensureBuilt(root, ['renderer'], (l) => lines.push(l), recordingBuilder(root, calls))).toEqual({
      ok: true,
      built: ['renderer'],
    })
    expect(lines).toEqual(['正在构建 界面（dist/renderer/index.html 不存在）…'])
    expect(ensureBuilt(root, ['renderer'], () => {}, recordingBuilder(root, calls))).toEqual({
      ok: true,
      built: [],
    })
    expect(calls).toEqual(['renderer'])
  })

  it('rebuilds when a source file deep in a folder is newer than the build', () => {
    const root = project()
    writeAt(root, 'dist/renderer/index.html', 1_000)
    writeAt(root, 'renderer/components/App.tsx', 900)
    writeAt(root, 'common/domain.ts', 900)
    expect(staleReason(root, 'renderer')).toBeNull()
    writeAt(root, 'common/domain.ts', 1_100)
    expect(staleReason(root, 'renderer')).toBe('common 比上次构建新')
    const calls: BuildPart[] = []
    ensureBuilt(root, ['renderer'], () => {}, recordingBuilder(root, calls))
    expect(calls).toEqual(['renderer'])
  })

  it('the main part needs all of its outputs', () => {
    const root = project()
    writeAt(root, 'dist/main/index.cjs', 1_000)
    expect(staleReason(root, 'main')).toMatch(/不存在/)
  })

  it('reports a failed build in one Chinese line instead of serving a stale page', () => {
    const root = project()
    const result = ensureBuilt(
      root,
      ['renderer'],
      () => {},
      () => false,
    )
    expect(result).toEqual({ ok: false, error: '构建界面失败，请查看上面的错误信息' })
  })
})
