// The simulated WeCom server API: the same paths, fields, limits and errcodes as WECOM.md, each a
// function of the request that returns the JSON body (errcode 0 added by the server) or throws ApiError.

import { utf8Bytes } from '../common/limits'
import { ApiError, WELCOME_CODE_TTL_MS, type SimCorp } from './corp'
import { randomId, type SimRelation, type SimWay } from './model'
import { qrContentFor } from './qr'

export interface ApiRequest {
  query: URLSearchParams
  body: Record<string, unknown>
  raw: Buffer
  contentType: string
  apiBase: string
}

type Handler = (corp: SimCorp, req: ApiRequest) => Record<string, unknown> | Promise<Record<string, unknown>>

const str = (v: unknown) => (typeof v === 'string' ? v : '')
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d)

function checkWayMembers(corp: SimCorp, users: string[]) {
  if (users.length > 100) throw new ApiError(41041, 'exceed max user count')
  for (const u of users) {
    const m = corp.requireMember(u)
    if (m.status !== 1) throw new ApiError(41054, `user not active: ${u}`)
    if (!m.canFollow) throw new ApiError(84074, `user has no customer contact permission: ${u}`)
  }
}

function checkLengths(remark: string, state: string) {
  if ([...remark].length > 30) throw new ApiError(40058, 'remark exceed max length 30')
  if ([...state].length > 30) throw new ApiError(40058, 'state exceed max length 30')
}

function paged<T>(items: T[], cursor: string, limit: number) {
  const start = Number(cursor) || 0
  const page = items.slice(start, start + limit)
  const next = start + limit < items.length ? String(start + limit) : ''
  return { page, next }
}

function contactWayView(w: SimWay) {
  const { qr_content: _qr, create_time: _c, ...view } = w
  return { ...view, style: 1 }
}

export const API: Record<string, Handler> = {
  '/cgi-bin/externalcontact/get_follow_user_list': (corp) => ({
    follow_user: corp.data.members.filter((m) => m.canFollow).map((m) => m.userid),
  }),

  '/cgi-bin/user/get': (corp, req) => {
    const m = corp.requireMember(req.query.get('userid') ?? '')
    return { userid: m.userid, name: m.name, department: m.department, status: m.status }
  },

  '/cgi-bin/user/list': (corp, req) => {
    const dept = Number(req.query.get('department_id') ?? 1)
    const child = req.query.get('fetch_child') === '1'
    const inScope = new Set([dept])
    if (child) {
      let grew = true
      while (grew) {
        grew = false
        for (const d of corp.data.departments) {
          if (inScope.has(d.parentid) && !inScope.has(d.id)) {
            inScope.add(d.id)
            grew = true
          }
        }
      }
    }
    return {
      userlist: corp.data.members
        .filter((m) => m.department.some((d) => inScope.has(d)))
        .map((m) => ({ userid: m.userid, name: m.name, department: m.department, status: m.status })),
    }
  },

  '/cgi-bin/department/list': (corp) => ({ department: corp.data.departments }),

  '/cgi-bin/externalcontact/get_corp_tag_list': (corp, req) => {
    const tagIds = strs(req.body.tag_id)
    const groupIds = strs(req.body.group_id)
    const groups = corp.data.tagGroups
      .filter((g) => groupIds.length === 0 || groupIds.includes(g.group_id))
      .map((g) => ({ ...g, tag: g.tag.filter((t) => tagIds.length === 0 || tagIds.includes(t.id)) }))
      .filter((g) => tagIds.length === 0 || g.tag.length > 0)
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
    const relation = corp.index.get(userid, ext)
    if (!relation) throw new ApiError(84061, 'not external contact')
    relation.tag_id = [...new Set([...relation.tag_id.filter((t) => !remove.includes(t)), ...add])]
    corp.markedTags.push({ userid, externalUserid: ext, addTag: add, removeTag: remove, at: corp.now })
    corp.changed()
    return {}
  },

  '/cgi-bin/externalcontact/add_contact_way': async (corp, req) => {
    const type = num(req.body.type, 0)
    const scene = num(req.body.scene, 0)
    const users = strs(req.body.user)
    const remark = str(req.body.remark)
    const state = str(req.body.state)
    if (type !== 1 && type !== 2) throw new ApiError(40058, 'invalid type')
    if (scene !== 1 && scene !== 2) throw new ApiError(40058, 'invalid scene')
    if (type === 1 && users.length !== 1) throw new ApiError(40058, 'type 1 requires exactly one user')
    if (users.length === 0) throw new ApiError(40058, 'user and party both empty')
    checkLengths(remark, state)
    checkWayMembers(corp, users)
    if (corp.data.ways.length >= 500_000) throw new ApiError(41045, 'contact way count exceed limit')
    const config_id = randomId('', 32)
    const way: SimWay = {
      config_id,
      type,
      scene,
      remark,
      skip_verify: typeof req.body.skip_verify === 'boolean' ? req.body.skip_verify : true,
      state,
      user: users,
      party: [],
      qr_code: `${req.apiBase}/sandbox/qr/${config_id}.png`,
      qr_content: qrContentFor(),
      create_time: Math.floor(corp.now / 1000),
    }
    corp.data.ways.push(way)
    corp.changed()
    return { config_id, qr_code: way.qr_code }
  },

  '/cgi-bin/externalcontact/update_contact_way': (corp, req) => {
    const way = corp.way(str(req.body.config_id))
    const users = req.body.user === undefined ? way.user : strs(req.body.user)
    const remark = req.body.remark === undefined ? way.remark : str(req.body.remark)
    const state = req.body.state === undefined ? way.state : str(req.body.state)
    checkLengths(remark, state)
    if (way.type === 1 && users.length !== 1) throw new ApiError(40058, 'type 1 requires exactly one user')
    checkWayMembers(corp, users)
    way.user = users
    way.remark = remark
    way.state = state
    if (typeof req.body.skip_verify === 'boolean') way.skip_verify = req.body.skip_verify
    corp.changed()
    return {}
  },

  '/cgi-bin/externalcontact/get_contact_way': (corp, req) => ({
    contact_way: contactWayView(corp.way(str(req.body.config_id))),
  }),

  '/cgi-bin/externalcontact/list_contact_way': (corp, req) => {
    const nowS = Math.floor(corp.now / 1000)
    const start = num(req.body.start_time, nowS - 90 * 86400)
    const end = num(req.body.end_time, nowS)
    const limit = Math.min(num(req.body.limit, 100), 1000)
    const ways = corp.data.ways.filter((w) => w.create_time >= start && w.create_time <= end)
    const { page, next } = paged(ways, str(req.body.cursor), limit)
    return { contact_way: page.map((w) => ({ config_id: w.config_id })), next_cursor: next }
  },

  '/cgi-bin/externalcontact/del_contact_way': (corp, req) => {
    const way = corp.way(str(req.body.config_id))
    corp.data.ways = corp.data.ways.filter((w) => w !== way)
    corp.changed()
    return {}
  },

  '/cgi-bin/externalcontact/list': (corp, req) => {
    const userid = req.query.get('userid') ?? ''
    corp.requireMember(userid)
    const list = corp.index.ofMember(userid).map((r) => r.external_userid)
    if (list.length === 0) throw new ApiError(84061, 'not external contact')
    return { external_userid: list }
  },

  '/cgi-bin/externalcontact/get': (corp, req) => {
    const ext = req.query.get('external_userid') ?? ''
    const customer = corp.data.customers.find((c) => c.external_userid === ext)
    const relations = corp.index.ofCustomer(ext)
    if (!customer || relations.length === 0) throw new ApiError(84061, 'not external contact')
    return {
      external_contact: customer,
      follow_user: relations.map((r) => ({
        userid: r.userid,
        remark: r.remark,
        description: '',
        createtime: r.createtime,
        tags: r.tag_id.map((id) => ({ tag_id: id, type: 1 })),
        add_way: r.state ? 1 : 0,
        oper_userid: r.userid,
        ...(r.state ? { state: r.state } : {}),
      })),
      next_cursor: '',
    }
  },

  '/cgi-bin/externalcontact/batch/get_by_user': (corp, req) => {
    const users = strs(req.body.userid_list)
    if (users.length === 0 || users.length > 100) throw new ApiError(40058, 'userid_list size must be 1..100')
    const limit = Math.max(1, Math.min(num(req.body.limit, 50), 100))
    // The cursor points at (member index, offset) so each page costs O(limit), as WeCom's does.
    const [mi, off] = (str(req.body.cursor) || '0:0').split(':').map(Number)
    const page: SimRelation[] = []
    let m = mi ?? 0
    let o = off ?? 0
    while (m < users.length && page.length < limit) {
      const rel = corp.index.ofMember(users[m]!)
      const take = rel.slice(o, o + (limit - page.length))
      page.push(...take)
      o += take.length
      if (o >= rel.length) {
        m += 1
        o = 0
      }
    }
    const next = m < users.length ? `${m}:${o}` : ''
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
          description: '',
          createtime: r.createtime,
          tag_id: r.tag_id,
          remark_corp_name: '',
          remark_mobiles: [],
          add_way: r.state ? 1 : 0,
          oper_userid: r.userid,
          ...(r.state ? { state: r.state } : {}),
        },
      })),
      next_cursor: next,
    }
  },

  '/cgi-bin/externalcontact/send_welcome_msg': (corp, req) => {
    const code = str(req.body.welcome_code)
    const issued = corp.welcomeCodes.get(code)
    if (!issued || issued.used || corp.now - issued.issuedAt > WELCOME_CODE_TTL_MS) {
      throw new ApiError(41050, 'invalid welcome_code')
    }
    const text =
      typeof req.body.text === 'object' && req.body.text
        ? str((req.body.text as { content?: unknown }).content)
        : ''
    const attachments = Array.isArray(req.body.attachments) ? (req.body.attachments as unknown[]) : []
    if (!text && attachments.length === 0) throw new ApiError(41048, 'text and attachments both empty')
    if (utf8Bytes(text) > 4000) throw new ApiError(40058, 'text content exceed max length')
    if (attachments.length > 9) throw new ApiError(41064, 'attachments count exceed limit')
    for (const a of attachments) {
      const image = (a as { msgtype?: unknown; image?: { media_id?: unknown } }).image
      if ((a as { msgtype?: unknown }).msgtype === 'image' && image?.media_id !== undefined) {
        if (!corp.data.media.some((m) => m.media_id === image.media_id))
          throw new ApiError(40007, 'invalid media_id')
      }
    }
    issued.used = true
    corp.sentWelcomes.push({
      welcomeCode: code,
      userid: issued.userid,
      externalUserid: issued.externalUserid,
      ...(text ? { text } : {}),
      attachments,
      at: corp.now,
    })
    return {}
  },

  '/cgi-bin/media/upload': (corp, req) => {
    const type = req.query.get('type')
    if (type !== 'image' && type !== 'file' && type !== 'video' && type !== 'voice')
      throw new ApiError(40004, 'invalid media type')
    const file = multipartFile(req.raw, req.contentType, 'media')
    if (!file) throw new ApiError(41005, 'media data missing')
    if (file.data.length <= 5) throw new ApiError(40005, 'invalid file size')
    if (file.data.length > 10 * 1024 * 1024) throw new ApiError(40006, 'invalid file size')
    const isPng = file.data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    const isJpg = file.data[0] === 0xff && file.data[1] === 0xd8
    if (type === 'image' && !isPng && !isJpg) throw new ApiError(40005, 'invalid file type')
    const media_id = randomId('3', 60)
    const created_at = Math.floor(corp.now / 1000)
    corp.data.media.push({ media_id, created_at })
    corp.changed()
    return { type, media_id, created_at: String(created_at) }
  },
}

/** Pulls one named file part out of a multipart/form-data body. */
function multipartFile(raw: Buffer, contentType: string, field: string): { data: Buffer } | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const b = boundary?.[1] ?? boundary?.[2]
  if (!b) return null
  const delimiter = Buffer.from(`--${b}`)
  let pos = raw.indexOf(delimiter)
  while (pos !== -1) {
    const next = raw.indexOf(delimiter, pos + delimiter.length)
    if (next === -1) break
    const part = raw.subarray(pos + delimiter.length + 2, next - 2)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8')
      if (new RegExp(`name="${field}"`).test(headers)) return { data: part.subarray(headerEnd + 4) }
    }
    pos = next
  }
  return null
}
