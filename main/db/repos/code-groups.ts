// Code groups: the folders of the code list and which code sits in which (at most one each).
// Deleting a group removes only its memberships: its codes become 未分组, nothing else changes.

import type { CodeGroup } from '../../../common/code-groups'
import { sqliteCode } from '../errors'
import type { Sql } from '../sql'

export class DuplicateGroupNameError extends Error {
  constructor(readonly groupName: string) {
    super(`已有名为「${groupName}」的分组，请换一个名称`)
  }
}

export interface CodeGroupsRepo {
  /** Oldest first, so a new group lands at the bottom of the panel. */
  list(): CodeGroup[]
  get(id: number): CodeGroup | null
  create(name: string, at: number): CodeGroup
  /** Null when the group does not exist. */
  rename(id: number, name: string): CodeGroup | null
  /** How many codes went back to 未分组; null when the group does not exist. */
  remove(id: number): number | null
  /** Puts the codes in the group (null: 未分组); returns how many codes exist among `codeIds`. */
  move(codeIds: number[], groupId: number | null): number
  /** The group of each of the given codes that has one. */
  groupsOf(codeIds: number[]): Map<number, number>
}

interface GroupRow {
  id: number
  name: string
  created_at: number
}

const toGroup = (r: GroupRow): CodeGroup => ({ id: r.id, name: r.name, createdAt: r.created_at })

export function createCodeGroupsRepo(sql: Sql): CodeGroupsRepo {
  const guard = <T>(name: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateGroupNameError(name)
      throw error
    }
  }
  const get = (id: number) => {
    const row = sql.one<GroupRow>('SELECT id, name, created_at FROM code_groups WHERE id = ?', [id])
    return row ? toGroup(row) : null
  }
  return {
    list: () =>
      sql.all<GroupRow>('SELECT id, name, created_at FROM code_groups ORDER BY created_at, id').map(toGroup),
    get,
    create(name, at) {
      const trimmed = name.trim()
      return guard(trimmed, () => {
        const result = sql.run('INSERT INTO code_groups (name, created_at) VALUES (?, ?)', [trimmed, at])
        return get(Number(result.lastInsertRowid))!
      })
    },
    rename(id, name) {
      const trimmed = name.trim()
      return guard(trimmed, () => {
        const result = sql.run('UPDATE code_groups SET name = ? WHERE id = ?', [trimmed, id])
        return result.changes === 0 ? null : get(id)
      })
    },
    remove(id) {
      return sql.tx(() => {
        const moved =
          sql.one<{ n: number }>('SELECT count(*) AS n FROM code_group_members WHERE group_id = ?', [id])
            ?.n ?? 0
        const result = sql.run('DELETE FROM code_groups WHERE id = ?', [id])
        return result.changes === 0 ? null : moved
      })
    },
    move(codeIds, groupId) {
      const ids = JSON.stringify([...new Set(codeIds)])
      return sql.tx(() => {
        const existing =
          sql.one<{ n: number }>(
            'SELECT count(*) AS n FROM codes WHERE id IN (SELECT value FROM json_each(?))',
            [ids],
          )?.n ?? 0
        if (groupId === null) {
          sql.run('DELETE FROM code_group_members WHERE code_id IN (SELECT value FROM json_each(?))', [ids])
        } else {
          sql.run(
            `INSERT INTO code_group_members (code_id, group_id)
             SELECT c.id, @groupId FROM codes c WHERE c.id IN (SELECT value FROM json_each(@ids))
             ON CONFLICT (code_id) DO UPDATE SET group_id = excluded.group_id`,
            { ids, groupId },
          )
        }
        return existing
      })
    },
    groupsOf(codeIds) {
      const rows = sql.all<{ code_id: number; group_id: number }>(
        'SELECT code_id, group_id FROM code_group_members WHERE code_id IN (SELECT value FROM json_each(?))',
        [JSON.stringify(codeIds)],
      )
      return new Map(rows.map((r) => [r.code_id, r.group_id]))
    },
  }
}
