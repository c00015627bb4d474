// The corp tag library mirrored from WeCom. Tags missing from a sync are flagged deleted rather than
// dropped, so a code's preset tags and old exports still show their names.

import type { Tag, TagGroup } from '../../../common/domain'
import type { Sql } from '../sql'

export interface TagsRepo {
  replaceAll(groups: TagGroup[], now: number): void
  /** Live groups with their live tags, in WeCom's order. */
  listGroups(): TagGroup[]
  /** Tags by id, deleted ones included (for showing what a code was set up with). */
  getMany(ids: string[]): (Tag & { deleted: boolean })[]
}

interface TagRow {
  id: string
  group_id: string
  name: string
  sort_order: number
  deleted: number
}

const toTag = (r: TagRow): Tag => ({ id: r.id, name: r.name, groupId: r.group_id, order: r.sort_order })

export function createTagsRepo(sql: Sql): TagsRepo {
  return {
    replaceAll(groups, now) {
      sql.tx(() => {
        const tagIds: string[] = []
        for (const g of groups) {
          sql.run(
            `INSERT INTO tag_groups (group_id, name, sort_order, deleted, updated_at) VALUES (?, ?, ?, 0, ?)
             ON CONFLICT (group_id) DO UPDATE SET name = excluded.name, sort_order = excluded.sort_order,
               deleted = 0, updated_at = excluded.updated_at`,
            [g.groupId, g.name, g.order, now],
          )
          for (const t of g.tags) {
            tagIds.push(t.id)
            sql.run(
              `INSERT INTO tags (id, group_id, name, sort_order, deleted, updated_at) VALUES (?, ?, ?, ?, 0, ?)
               ON CONFLICT (id) DO UPDATE SET group_id = excluded.group_id, name = excluded.name,
                 sort_order = excluded.sort_order, deleted = 0, updated_at = excluded.updated_at`,
              [t.id, g.groupId, t.name, t.order, now],
            )
          }
        }
        sql.run(
          'UPDATE tag_groups SET deleted = 1, updated_at = ? WHERE deleted = 0 AND group_id NOT IN (SELECT value FROM json_each(?))',
          [now, JSON.stringify(groups.map((g) => g.groupId))],
        )
        sql.run(
          'UPDATE tags SET deleted = 1, updated_at = ? WHERE deleted = 0 AND id NOT IN (SELECT value FROM json_each(?))',
          [now, JSON.stringify(tagIds)],
        )
      })
    },

    listGroups() {
      const groups = sql.all<{ group_id: string; name: string; sort_order: number }>(
        'SELECT group_id, name, sort_order FROM tag_groups WHERE deleted = 0 ORDER BY sort_order, group_id',
      )
      const tags = sql.all<TagRow>('SELECT * FROM tags WHERE deleted = 0 ORDER BY group_id, sort_order, id')
      return groups.map((g) => ({
        groupId: g.group_id,
        name: g.name,
        order: g.sort_order,
        tags: tags.filter((t) => t.group_id === g.group_id).map(toTag),
      }))
    },

    getMany: (ids) =>
      sql
        .all<TagRow>('SELECT * FROM tags WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)])
        .map((r) => ({ ...toTag(r), deleted: r.deleted === 1 })),
  }
}
