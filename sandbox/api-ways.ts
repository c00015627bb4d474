// The simulated "contact me" way endpoints (the live codes): add, update (a full overwrite), get, list
// with cursor paging, delete — with WeCom's member, length and count checks.

import { ApiError, type SimCorp } from './corp'
import { num, nums, str, strs, type Handler } from './api-request'
import { randomId, type SimWay } from './model'
import { qrContentFor } from './qr'

const MAX_WAYS = 500_000
/** list_contact_way never lists ways created before 2021-07-10 (WECOM.md). */
export const LIST_FLOOR_S = Date.parse('2021-07-10T00:00:00+08:00') / 1000
const NINETY_DAYS_S = 90 * 86_400

function checkLengths(remark: string, state: string) {
  // WeCom counts characters, not bytes, for these two.
  if ([...remark].length > 30) throw new ApiError(40058, 'remark exceed max length 30')
  if ([...state].length > 30) throw new ApiError(40058, 'state exceed max length 30')
}

/** The member checks of add and update, in WeCom's order: exists, activated, has permission, cap. */
function checkMembers(corp: SimCorp, type: number, users: string[], party: number[]) {
  if (type === 1 && (users.length !== 1 || party.length > 0))
    throw new ApiError(40058, 'type 1 requires exactly one user and no party')
  if (users.length === 0 && party.length === 0) throw new ApiError(40058, 'user and party both empty')
  for (const d of party)
    if (!corp.data.departments.some((x) => x.id === d)) throw new ApiError(60123, `invalid party id: ${d}`)
  for (const u of users) {
    const m = corp.requireMember(u)
    if (m.status !== 1) throw new ApiError(41054, `user not active: ${u}`)
    if (!m.canFollow) throw new ApiError(84074, `user has no customer contact permission: ${u}`)
  }
  if (corp.wayMembers(users, party).length > 100) throw new ApiError(41041, 'exceed max user count 100')
}

/** The qr_code URL follows the current port: a saved sandbox may come back on another one. */
const qrUrl = (apiBase: string, configId: string) => `${apiBase}/sandbox/qr/${configId}.png`

function contactWayView(w: SimWay, apiBase: string) {
  const { qr_content: _qr, create_time: _c, ...view } = w
  return { ...view, qr_code: qrUrl(apiBase, w.config_id), style: 1, is_temp: false, is_exclusive: false }
}

export const wayApi: Record<string, Handler> = {
  '/cgi-bin/externalcontact/add_contact_way': (corp, req) => {
    const type = num(req.body.type, 0)
    const scene = num(req.body.scene, 0)
    const users = strs(req.body.user)
    const party = nums(req.body.party)
    const remark = str(req.body.remark)
    const state = str(req.body.state)
    if (type !== 1 && type !== 2) throw new ApiError(40058, 'invalid type')
    if (scene !== 1 && scene !== 2) throw new ApiError(40058, 'invalid scene')
    checkLengths(remark, state)
    checkMembers(corp, type, users, party)
    if (corp.data.ways.length >= MAX_WAYS) throw new ApiError(41045, 'contact way count exceed limit')
    const config_id = randomId('', 32)
    const way: SimWay = {
      config_id,
      type,
      scene,
      remark,
      // WeCom's default when the field is absent: add without the member's confirmation.
      skip_verify: typeof req.body.skip_verify === 'boolean' ? req.body.skip_verify : true,
      state,
      user: users,
      party,
      qr_code: qrUrl(req.apiBase, config_id),
      qr_content: qrContentFor(),
      create_time: Math.floor(corp.now / 1000),
    }
    corp.data.ways.push(way)
    corp.changed()
    return { config_id, qr_code: way.qr_code }
  },

  // A full overwrite, as WECOM.md says: what is absent becomes empty (skip_verify its default true).
  // type and scene cannot change, so they are ignored when sent.
  '/cgi-bin/externalcontact/update_contact_way': (corp, req) => {
    const way = corp.way(str(req.body.config_id))
    const users = strs(req.body.user)
    // What omitting party does is undocumented: a switch, and the product must be right either way.
    const party =
      req.body.party === undefined && corp.options.updateKeepsOmittedParty ? way.party : nums(req.body.party)
    const remark = str(req.body.remark)
    const state = str(req.body.state)
    checkLengths(remark, state)
    checkMembers(corp, way.type, users, party)
    way.user = users
    way.party = party
    way.remark = remark
    way.state = state
    way.skip_verify = typeof req.body.skip_verify === 'boolean' ? req.body.skip_verify : true
    corp.wayUpdates.push({ configId: way.config_id, user: [...users], at: corp.now })
    corp.changed()
    return {}
  },

  '/cgi-bin/externalcontact/get_contact_way': (corp, req) => ({
    contact_way: contactWayView(corp.way(str(req.body.config_id)), req.apiBase),
  }),

  '/cgi-bin/externalcontact/list_contact_way': (corp, req) => {
    const nowS = Math.floor(corp.now / 1000)
    const start = num(req.body.start_time, nowS - 90 * 86400)
    const end = num(req.body.end_time, nowS)
    if (end < start || end - start > NINETY_DAYS_S)
      throw new ApiError(40058, 'start_time and end_time must span at most 90 days')
    const asked = num(req.body.limit, 100)
    const limit = asked < 1 ? 100 : Math.min(Math.floor(asked), 1000)
    const cursor = str(req.body.cursor)
    const offset = cursor ? Number(cursor) : 0
    if (!Number.isInteger(offset) || offset < 0) throw new ApiError(40058, 'invalid cursor')
    const ways = corp.data.ways.filter(
      (w) => w.create_time >= Math.max(start, LIST_FLOOR_S) && w.create_time <= end,
    )
    const page = ways.slice(offset, offset + limit)
    return {
      contact_way: page.map((w) => ({ config_id: w.config_id })),
      next_cursor: offset + limit < ways.length ? String(offset + limit) : '',
    }
  },

  '/cgi-bin/externalcontact/del_contact_way': (corp, req) => {
    const way = corp.way(str(req.body.config_id))
    corp.data.ways = corp.data.ways.filter((w) => w !== way)
    corp.changed()
    return {}
  },
}
