// The 'tags' phase: mirror the corp tag library (get_corp_tag_list). Groups and tags WeCom marks
// deleted are left out, so the repository flags them deleted locally and forms stop offering them.

import type { TagGroup } from '../../common/domain'
import type { CorpTagGroup } from '../../wecom/types'
import type { SyncDeps } from './ports'

export async function runTagsPhase(deps: SyncDeps): Promise<{ groups: number }> {
  const groups = await deps.wecom().getCorpTagList()
  const live = groups.filter((g) => !g.deleted).map(toTagGroup)
  deps.db.tags.replaceAll(live, (deps.now ?? Date.now)())
  return { groups: live.length }
}

function toTagGroup(g: CorpTagGroup): TagGroup {
  return {
    groupId: g.group_id,
    name: g.group_name,
    order: g.order,
    tags: g.tag
      .filter((t) => !t.deleted)
      .map((t) => ({ id: t.id, name: t.name, groupId: g.group_id, order: t.order })),
  }
}
