// The simulated directory and tag endpoints: follow list, members, departments, the corp tag library
// and mark_tag on a member's customer.

import { ApiError } from './corp'
import { str, strs, type Handler } from './api-request'

const userView = (m: { userid: string; name: string; department: number[]; status: number }) => ({
  userid: m.userid,
  name: m.name,
  department: m.department,
  status: m.status,
})

export const corpApi: Record<string, Handler> = {
  '/cgi-bin/externalcontact/get_follow_user_list': (corp) => ({
    follow_user: corp.data.members.filter((m) => m.canFollow && m.status !== 5).map((m) => m.userid),
  }),

  '/cgi-bin/user/get': (corp, req) => userView(corp.requireMember(req.query.get('userid') ?? '')),

  '/cgi-bin/user/list': (corp, req) => {
    const dept = Number(req.query.get('department_id') ?? 1)
    if (!corp.data.departments.some((d) => d.id === dept)) throw new ApiError(60123, 'invalid party id')
    // fetch_child is no longer part of user/list (doc 96260): one department's members only; callers
    // walk the department tree. Members who left are not listed.
    return {
      userlist: corp.data.members.filter((m) => m.status !== 5 && m.department.includes(dept)).map(userView),
    }
  },

  '/cgi-bin/department/list': (corp, req) => {
    const id = req.query.get('id')
    if (!id) return { department: corp.data.departments }
    const scope = corp.departmentScope([Number(id)])
    return { department: corp.data.departments.filter((d) => scope.has(d.id)) }
  },

  '/cgi-bin/externalcontact/get_corp_tag_list': (corp, req) => {
    const tagIds = strs(req.body.tag_id)
    const groupIds = strs(req.body.group_id)
    // WeCom: group_id wins when both are given.
    const groups = corp.data.tagGroups
      .filter((g) => groupIds.length === 0 || groupIds.includes(g.group_id))
      .map((g) => ({
        ...g,
        tag: g.tag.filter((t) => groupIds.length > 0 || tagIds.length === 0 || tagIds.includes(t.id)),
      }))
      .filter((g) => groupIds.length > 0 || tagIds.length === 0 || g.tag.length > 0)
    return { tag_group: groups }
  },

  '/cgi-bin/externalcontact/mark_tag': (corp, req) => {
    const userid = str(req.body.userid)
    const ext = str(req.body.external_userid)
    const add = strs(req.body.add_tag)
    const remove = strs(req.body.remove_tag)
    if (add.length + remove.length === 0) throw new ApiError(40058, 'add_tag and remove_tag both empty')
    for (const id of [...add, ...remove])
      if (!corp.tagExists(id)) throw new ApiError(40068, `invalid tagid: ${id}`)
    corp.requireMember(userid)
    const relation = corp.index.get(userid, ext)
    // A half-add the member has not confirmed is not a relation yet (go-workwx's 84061 text).
    if (!relation || !relation.confirmed) throw new ApiError(84061, 'not external contact')
    relation.tag_id = [...new Set([...relation.tag_id.filter((t) => !remove.includes(t)), ...add])]
    corp.markedTags.push({ userid, externalUserid: ext, addTag: add, removeTag: remove, at: corp.now })
    corp.changed()
    return {}
  },

  // Remark and description of a customer, as a member sees them; only on a real relation.
  '/cgi-bin/externalcontact/remark': (corp, req) => {
    const userid = str(req.body.userid)
    const ext = str(req.body.external_userid)
    corp.requireMember(userid)
    const relation = corp.index.get(userid, ext)
    if (!relation || !relation.confirmed) throw new ApiError(84061, 'not external contact')
    const remark = req.body.remark === undefined ? undefined : str(req.body.remark)
    const description = req.body.description === undefined ? undefined : str(req.body.description)
    if (remark !== undefined && [...remark].length > 20)
      throw new ApiError(40058, 'remark exceed max length 20')
    if (description !== undefined && [...description].length > 150)
      throw new ApiError(40058, 'description exceed max length 150')
    if (remark !== undefined) relation.remark = remark
    if (description !== undefined) relation.description = description
    corp.remarks.push({
      userid,
      externalUserid: ext,
      remark: remark ?? null,
      description: description ?? null,
      at: corp.now,
    })
    corp.changed()
    return {}
  },
}
