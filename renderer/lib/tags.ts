// Tag library helpers: look tags up by id and show chosen ones grouped by their group (性别: 女 男).

import type { Tag, TagGroup } from '../../common/domain'

export interface TagRef {
  tag: Tag
  group: TagGroup
}

export interface SelectedGroup {
  groupId: string
  groupName: string
  tags: Tag[]
}

export function sortedGroups(groups: TagGroup[]): TagGroup[] {
  return [...groups]
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name, 'zh-CN'))
    .map((g) => ({ ...g, tags: [...g.tags].sort((a, b) => a.order - b.order) }))
}

export function tagIndex(groups: TagGroup[]): Map<string, TagRef> {
  const index = new Map<string, TagRef>()
  for (const group of groups) for (const tag of group.tags) index.set(tag.id, { tag, group })
  return index
}

/** The chosen tags grouped in library order; ids no longer in the library are gathered as 已删除. */
export function groupSelected(tagIds: string[], groups: TagGroup[]): SelectedGroup[] {
  const chosen = new Set(tagIds)
  const result: SelectedGroup[] = []
  for (const group of sortedGroups(groups)) {
    const tags = group.tags.filter((t) => chosen.has(t.id))
    if (tags.length) result.push({ groupId: group.groupId, groupName: group.name, tags })
  }
  const known = tagIndex(groups)
  const missing = tagIds.filter((id) => !known.has(id))
  if (missing.length) {
    result.push({
      groupId: '__missing__',
      groupName: '已删除',
      tags: missing.map((id, order) => ({ id, name: `标签 ${id.slice(-6)}`, groupId: '__missing__', order })),
    })
  }
  return result
}

/** One label per group: "组名: 标签 标签". */
export function tagLabels(tagIds: string[], groups: TagGroup[]): string[] {
  return groupSelected(tagIds, groups).map((g) => `${g.groupName}: ${g.tags.map((t) => t.name).join(' ')}`)
}

export function toggleTag(tagIds: string[], id: string): string[] {
  return tagIds.includes(id) ? tagIds.filter((t) => t !== id) : [...tagIds, id]
}
