// `npm run bench [-- NAME…]`: runs every tests/bench/*.bench.ts (or the named ones) one after another,
// each in its own process so one's memory and timers cannot skew the next, and repeats their
// `bench …` lines at the end for easy comparison run to run.

import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'

const dir = path.dirname(new URL(import.meta.url).pathname)
const wanted = process.argv.slice(2)
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.startsWith(w))) : all
if (chosen.length === 0) {
  console.error(
    `no benchmark matches ${wanted.join(', ')}; have: ${all.map((f) => f.replace('.bench.ts', '')).join(', ')}`,
  )
  process.exit(1)
}

const lines: string[] = []
let failures = 0
for (const file of chosen) {
  console.log(`\n▶ ${file}`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  process.stdout.write(result.stdout)
  // Every figure's line (targets.ts's report); the bench exits 1 when one misses its target.
  const found = result.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('bench '))
  if (result.status !== 0 || found.length === 0) failures += 1
  lines.push(...found)
  if (result.status !== 0 && !found.some((l) => l.includes('MISSED')))
    lines.push(`bench ${file.replace('.bench.ts', '')}: failed (exit ${result.status})`)
}
console.log('\n' + lines.join('\n'))
if (failures > 0) console.log(`\n${failures} of ${chosen.length} benchmarks missed a target or failed`)
process.exit(failures > 0 ? 1 : 0)
