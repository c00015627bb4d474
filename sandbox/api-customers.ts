// The simulated customer endpoints: a member's list, one customer with every member following them,
// and the batch sync path. A customer who deleted the member stays listed (the one-way relation).

import { ApiError, type SimCorp } from './corp'
import { num, str, strs, type Handler } from './api-request'
import type { SimRelation } from './model'

/** A half-add the member has not confirmed is no relation yet: never listed (WECOM.md). */
const listed = (rs: SimRelation[]) => rs.filter((r) => r.confirmed)

function tagsOf(corp: SimCorp, ids: string[]) {
  const out: { group_name: string; tag_name: string; tag_id: string; type: number }[] = []
  for (const g of corp.data.tagGroups)
    for (const t of g.tag)
      if (ids.includes(t.id)) out.push({ group_name: g.group_name, tag_name: t.name, tag_id: t.id, type: 1 })
  return out
}

/** batch/get_by_user's cursor is "member index:offset", so each page costs O(limit) as WeCom's does. */
function parseCursor(cursor: string): [number, number] {
  if (!cursor) return [0, 0]
  const parts = cursor.split(':').map(Number)
  const [m, o] = parts
  if (parts.length !== 2 || !Number.isInteger(m) || !Number.isInteger(o) || m! < 0 || o! < 0)
    throw new ApiError(40058, 'invalid cursor')
  return [m!, o!]
}

export const customerApi: Record<string, Handler> = {
  '/cgi-bin/externalcontact/list': (corp, req) => {
    const userid = req.query.get('userid') ?? ''
    corp.requireMember(userid)
    const list = listed(corp.index.ofMember(userid)).map((r) => r.external_userid)
    // WeCom answers a member without customers with an error, not an empty list.
    if (list.length === 0) throw new ApiError(84061, 'not external contact')
    return { external_userid: list }
  },

  '/cgi-bin/externalcontact/get': (corp, req) => {
    const ext = req.query.get('external_userid') ?? ''
    const customer = corp.customerIndex().get(ext)
    if (!customer) throw new ApiError(40096, 'invalid external userid')
    const relations = listed(corp.index.ofCustomer(ext))
    if (relations.length === 0) throw new ApiError(84061, 'not external contact')
    return {
      external_contact: customer,
      follow_user: relations.map((r) => ({
        userid: r.userid,
        remark: r.remark,
        description: r.description,
        createtime: r.createtime,
        tags: tagsOf(corp, r.tag_id),
        remark_corp_name: '',
        remark_mobiles: [],
        add_way: r.add_way,
        oper_userid: r.oper_userid,
        ...(r.state ? { state: r.state } : {}),
      })),
      next_cursor: '',
    }
  },

  '/cgi-bin/externalcontact/batch/get_by_user': (corp, req) => {
    const users = strs(req.body.userid_list)
    if (users.length === 0 || users.length > 100) throw new ApiError(40058, 'userid_list size must be 1..100')
    const asked = num(req.body.limit, 50)
    const limit = asked < 1 ? 50 : Math.min(Math.floor(asked), 100)
    // Unlicensed members' customers cannot be read: they are named in fail_info instead. Members who
    // left have no list any more.
    const unlicensed = users.filter((u) => corp.member(u)?.unlicensed)
    const readable = (u: string) => {
      const m = corp.member(u)
      return m !== undefined && m.status !== 5 && !m.unlicensed
    }
    let [m, o] = parseCursor(str(req.body.cursor))
    const page: SimRelation[] = []
    while (m < users.length && page.length < limit) {
      const rel = readable(users[m]!) ? listed(corp.index.ofMember(users[m]!)) : []
      const take = rel.slice(o, o + (limit - page.length))
      page.push(...take)
      o += take.length
      if (o >= rel.length) {
        m += 1
        o = 0
      }
    }
    const byId = corp.customerIndex()
    return {
      external_contact_list: page.map((r) => ({
        external_contact: byId.get(r.external_userid) ?? {
          external_userid: r.external_userid,
          name: '',
          type: 1,
        },
        follow_info: {
          userid: r.userid,
          remark: r.remark,
          description: r.description,
          createtime: r.createtime,
          tag_id: r.tag_id,
          remark_corp_name: '',
          remark_mobiles: [],
          add_way: r.add_way,
          oper_userid: r.oper_userid,
          ...(r.state ? { state: r.state } : {}),
        },
      })),
      next_cursor: m < users.length ? `${m}:${o}` : '',
      ...(unlicensed.length ? { fail_info: { unlicensed_userid_list: unlicensed } } : {}),
    }
  },
}
