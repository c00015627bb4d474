// Saving and loading the simulated corp to a JSON file (the desktop's sandbox workspace survives a
// restart). Loaded files are validated, and fields added in later versions get their defaults.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import type { CorpData } from './model'

const member = z.object({
  userid: z.string(),
  name: z.string(),
  department: z.array(z.number()),
  status: z.number(),
  canFollow: z.boolean(),
  adminWelcome: z.boolean().default(false),
  halfAdd: z.boolean().default(false),
  otherAppWelcome: z.boolean().default(false),
  unlicensed: z.boolean().default(false),
})

const tag = z.object({ id: z.string(), name: z.string(), create_time: z.number(), order: z.number() })

const way = z.object({
  config_id: z.string(),
  type: z.number(),
  scene: z.number(),
  remark: z.string(),
  skip_verify: z.boolean(),
  state: z.string(),
  user: z.array(z.string()),
  party: z.array(z.number()).default([]),
  qr_code: z.string(),
  qr_content: z.string(),
  create_time: z.number(),
})

const corpSchema = z.object({
  corpId: z.string(),
  corpName: z.string(),
  departments: z.array(
    z.object({ id: z.number(), name: z.string(), parentid: z.number(), order: z.number().default(1) }),
  ),
  members: z.array(member),
  tagGroups: z.array(
    z.object({
      group_id: z.string(),
      group_name: z.string(),
      create_time: z.number(),
      order: z.number(),
      tag: z.array(tag),
    }),
  ),
  ways: z.array(way),
  customers: z.array(
    z.object({
      external_userid: z.string(),
      name: z.string(),
      avatar: z.string().default(''),
      type: z.number().default(1),
      gender: z.number().default(0),
    }),
  ),
  relations: z.array(
    z.object({
      userid: z.string(),
      external_userid: z.string(),
      createtime: z.number(),
      state: z.string(),
      remark: z.string().default(''),
      description: z.string().default(''),
      tag_id: z.array(z.string()).default([]),
      customerDeleted: z.boolean().default(false),
      confirmed: z.boolean().default(true),
      add_way: z.number().default(1),
      oper_userid: z.string().default(''),
    }),
  ),
  pending: z
    .array(
      z.object({ userid: z.string(), external_userid: z.string(), state: z.string(), since: z.number() }),
    )
    .default([]),
  media: z.array(z.object({ media_id: z.string(), created_at: z.number() })).default([]),
  transfers: z
    .array(
      z.object({
        kind: z.enum(['onjob', 'resigned']),
        handover_userid: z.string(),
        takeover_userid: z.string(),
        external_userid: z.string(),
        requested_at: z.number(),
        status: z.enum(['waiting', 'done', 'refused', 'limit']),
        takeover_time: z.number(),
      }),
    )
    .default([]),
  rr: z.record(z.string(), z.number()).default({}),
})

/**
 * The saved corp, or null when there is none. A file that does not parse is moved aside (never
 * overwritten by the fresh seed that replaces it) and the reason is returned for the caller to log.
 */
export function loadState(file: string | undefined): { data: CorpData | null; problem?: string } {
  if (!file || !existsSync(file)) return { data: null }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    raw = undefined // torn or not JSON: fails the schema below
  }
  const parsed = corpSchema.safeParse(raw)
  if (parsed.success) return { data: parsed.data }
  const aside = `${file}.bad-${Date.now()}`
  renameSync(file, aside)
  return { data: null, problem: `sandbox state file unreadable, moved to ${aside}` }
}

/** Write-then-rename so a crash mid-save leaves the previous file intact. */
export function saveState(file: string, data: CorpData): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(data))
  renameSync(`${file}.tmp`, file)
}
