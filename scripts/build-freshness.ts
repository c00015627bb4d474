// Decides whether dist/ must be (re)built before `npm run web` or `npm start`: a part is stale when one
// of its outputs is missing or any of its source files is newer than its oldest output. A fresh
// checkout (no dist/) and an edit after the last build both rebuild; an unchanged tree starts at once.

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export type BuildPart = 'renderer' | 'main'

interface PartSpec {
  /** Files the build writes; the oldest one is compared with the sources. */
  outputs: string[]
  /** Files and folders the build reads (folders are walked). */
  inputs: string[]
  /** The command that builds the part, run from the project root. */
  command: [string, string[]]
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

export const BUILD_PARTS: Record<BuildPart, PartSpec> = {
  renderer: {
    outputs: ['dist/renderer/index.html'],
    inputs: ['renderer', 'common', 'vite.config.ts', 'package-lock.json'],
    command: [npx, ['vite', 'build', '--logLevel', 'warn']],
  },
  main: {
    outputs: ['dist/main/index.cjs', 'dist/main/core-worker.cjs', 'dist/preload/index.cjs'],
    inputs: [
      'main',
      'preload',
      'common',
      'sandbox',
      'relay',
      'wecom',
      'scripts/build-main.ts',
      'package-lock.json',
    ],
    command: [npx, ['tsx', 'scripts/build-main.ts']],
  },
}

/** The newest modification time under a file or folder (0 when it does not exist). */
export function newestMtime(target: string): number {
  if (!existsSync(target)) return 0
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)))
  }
  return newest
}

/** Why a part needs a build, or null when its outputs are newer than every source. */
export function staleReason(
  root: string,
  part: BuildPart,
  spec: PartSpec = BUILD_PARTS[part],
): string | null {
  let oldestOutput = Infinity
  for (const output of spec.outputs) {
    const file = path.join(root, output)
    if (!existsSync(file)) return `${output} 不存在`
    oldestOutput = Math.min(oldestOutput, statSync(file).mtimeMs)
  }
  for (const input of spec.inputs) {
    if (newestMtime(path.join(root, input)) > oldestOutput) return `${input} 比上次构建新`
  }
  return null
}

export type Builder = (part: BuildPart, spec: PartSpec) => boolean

const runCommand: Builder = (_part, spec) => {
  const [cmd, args] = spec.command
  return spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] }).status === 0
}

/**
 * Builds each stale part and says so in one line; returns an error message when a build fails.
 * `build` is the step that runs the command (tests pass one that records the call).
 */
export function ensureBuilt(
  root: string,
  parts: BuildPart[],
  log: (line: string) => void = console.log,
  build: Builder = runCommand,
): { ok: true; built: BuildPart[] } | { ok: false; error: string } {
  const built: BuildPart[] = []
  for (const part of parts) {
    const reason = staleReason(root, part)
    if (!reason) continue
    log(`正在构建 ${part === 'renderer' ? '界面' : '主进程'}（${reason}）…`)
    if (!build(part, BUILD_PARTS[part]) || staleReason(root, part))
      return { ok: false, error: `构建${part === 'renderer' ? '界面' : '主进程'}失败，请查看上面的错误信息` }
    built.push(part)
  }
  return { ok: true, built }
}
