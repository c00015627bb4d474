// The 'members' phase: who may be put on a code. get_follow_user_list says who has the customer-contact
// permission; department/list + user/list per department give names and departments (user/list no
// longer takes fetch_child, doc 96260: the tree is walked, each visible department once). The
// manager's per-member enabled switch is local and kept by the repository.

import type { Department } from '../../common/domain'
import type { SyncedMember } from '../db'
import type { WeComDepartment, WeComUser } from '../../wecom/types'
import { forEachLimit } from './limit'
import type { SyncDeps } from './ports'

export async function runMembersPhase(
  deps: SyncDeps,
  onProgress: (done: number, total: number) => void,
): Promise<{ members: number }> {
  const wecom = deps.wecom()
  const [follow, departments] = await Promise.all([wecom.getFollowUserList(), wecom.listDepartments()])
  const users = new Map<string, WeComUser>()
  let done = 0
  const total = departments.length + 1
  onProgress(done, total)
  await forEachLimit(departments, 4, async (department) => {
    for (const user of await wecom.listUsers(department.id)) users.set(user.userid, user)
    onProgress(++done, total)
  })
  // Followers outside the listed departments (visibility set per member): ask for each one.
  const missing = follow.filter((userid) => !users.has(userid))
  await forEachLimit(missing, 4, async (userid) => {
    users.set(userid, await wecom.getUser(userid))
  })
  const followSet = new Set(follow)
  const members: SyncedMember[] = [...users.values()].map((u) => ({
    userid: u.userid,
    name: u.name,
    departmentIds: u.department ?? [],
    status: u.status,
    canFollow: followSet.has(u.userid),
  }))
  const now = (deps.now ?? Date.now)()
  deps.db.transaction(() => {
    deps.db.departments.replaceAll(departments.map(toDepartment))
    deps.db.members.replaceAll(members, now)
  })
  onProgress(total, total)
  return { members: members.length }
}

function toDepartment(d: WeComDepartment): Department {
  return { id: d.id, name: d.name, parentId: d.parentid }
}
