// Each workspace (the sandbox, or one real corp) keeps its own folder and SQLite file, so switching
// between them never mixes a demo customer into a real corp's statistics. current.json names the
// active one; with none, the app opens on the sandbox.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

const currentSchema = z.object({ kind: z.enum(['sandbox', 'corp']), corpId: z.string() })
export type CurrentWorkspace = z.infer<typeof currentSchema>

export const SANDBOX_CURRENT: CurrentWorkspace = { kind: 'sandbox', corpId: 'sandbox' }

export function readCurrent(rootDir: string): CurrentWorkspace {
  const file = path.join(rootDir, 'current.json')
  if (!existsSync(file)) return SANDBOX_CURRENT
  const parsed = currentSchema.safeParse(safeJson(readFileSync(file, 'utf8')))
  return parsed.success ? parsed.data : SANDBOX_CURRENT
}

export function writeCurrent(rootDir: string, current: CurrentWorkspace): void {
  mkdirSync(rootDir, { recursive: true })
  writeJsonAtomic(path.join(rootDir, 'current.json'), current)
}

export function workspaceFolder(rootDir: string, current: CurrentWorkspace): string {
  const name =
    current.kind === 'sandbox' ? 'sandbox' : `corp-${current.corpId.replace(/[^A-Za-z0-9_-]/g, '_')}`
  const dir = path.join(rootDir, 'workspaces', name)
  mkdirSync(dir, { recursive: true })
  return dir
}

export function writeJsonAtomic(file: string, value: unknown, mode = 0o644): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2), { mode })
  renameSync(`${file}.tmp`, file)
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
