// CPU time of processes from /proc (Linux): a process's utime + stime, and PostgreSQL's as the sum
// over the postmaster and all its children (backends, walwriter, checkpointer…), for the relay-scale
// bench's "which process was the limit".

import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on every Linux build in use). */
const HZ = 100

interface Stat {
  pid: number
  ppid: number
  ticks: number
}

function stat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command, which is in parentheses and may itself hold spaces.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { pid, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) }
  } catch {
    return null
  }
}

function allStats(): Stat[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => stat(Number(d)))
    .filter((s): s is Stat => s !== null)
}

/** CPU seconds used so far by one process (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  return (stat(pid)?.ticks ?? 0) / HZ
}

/** The postmaster listening on this port (its command line carries `-p <port>`). */
export function postmasterPid(port: number): number | null {
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const args = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0')
      const at = args.indexOf('-p')
      if (args[0]?.endsWith('/postgres') && at >= 0 && args[at + 1] === String(port)) return Number(d)
    } catch {
      // gone meanwhile
    }
  }
  return null
}

/**
 * CPU seconds of a process tree: the process and its live descendants now, plus, for exited children,
 * what the kernel added to the parent's cumulative children times (cutime + cstime).
 */
export function treeCpuSeconds(root: number): number {
  const stats = allStats()
  const byParent = new Map<number, Stat[]>()
  for (const s of stats) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s])
  let ticks = 0
  const rootStat = stats.find((s) => s.pid === root)
  if (!rootStat) return 0
  try {
    const text = readFileSync(`/proc/${root}/stat`, 'utf8')
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
    ticks += Number(rest[13]) + Number(rest[14]) // cutime + cstime: children that exited
  } catch {
    // gone
  }
  const walk = (s: Stat) => {
    ticks += s.ticks
    for (const c of byParent.get(s.pid) ?? []) walk(c)
  }
  walk(rootStat)
  return ticks / HZ
}

/**
 * The whole machine's busy CPU seconds so far (every core; /proc/stat's first line less idle and
 * iowait): it counts what no process's own times do — the kernel's loopback networking in softirq,
 * other processes — so "was the machine the limit" is judged on it.
 */
export function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return (total - idle) / HZ
}

/**
 * Seconds so far in which some runnable task waited for a core (Linux pressure stall information,
 * /proc/pressure/cpu "some"), or null where the kernel does not report it: the share of a window
 * spent so says whether the machine, not any one process, was the limit.
 */
export function cpuPressureSeconds(): number | null {
  try {
    const some = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'))
    return some ? Number(some[1]) / 1e6 : null
  } catch {
    return null
  }
}
