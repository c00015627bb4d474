// 重置沙盒: the sandbox workspace's folder holds everything that makes it what it is — the SQLite file
// (codes, customers, relations, history, events), the simulator's saved corp, the sandbox relay's
// store and the demo identity. Emptying the folder while the workspace is closed and opening it again
// gives exactly what a first launch gets: a freshly seeded simulator, an empty relay and database.

import { readdirSync, rmSync } from 'node:fs'
import path from 'node:path'

/** Deletes every file and folder inside `dir` (the folder itself stays). Call only while it is closed. */
export function emptyFolder(dir: string): void {
  for (const entry of readdirSync(dir)) {
    rmSync(path.join(dir, entry), { recursive: true, force: true, maxRetries: 3 })
  }
}
