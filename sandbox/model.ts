// The simulated corp's data: departments, members, tags, contact ways, customers and the one-way
// relations between members and customers, kept in plain serialisable objects so the whole state can
// be saved to a file and loaded back (the desktop's sandbox workspace survives restarts).

export interface SimDepartment {
  id: number
  name: string
  parentid: number
  order: number
}

export interface SimMember {
  userid: string
  name: string
  department: number[]
  /** 1 active, 2 disabled, 4 not activated, 5 left the company. */
  status: number
  canFollow: boolean
  adminWelcome: boolean
  /** 免验证 adds arrive as add_half_external_contact; the full add only when the member confirms. */
  halfAdd: boolean
  /** Another app of the corp sends its welcome first: ours then answers 41051. */
  otherAppWelcome: boolean
  /** No customer-contact licence: batch/get_by_user lists them in fail_info, not their customers. */
  unlicensed: boolean
}

export interface SimTag {
  id: string
  name: string
  create_time: number
  order: number
}

export interface SimTagGroup {
  group_id: string
  group_name: string
  create_time: number
  order: number
  tag: SimTag[]
}

export interface SimWay {
  config_id: string
  type: number
  scene: number
  remark: string
  skip_verify: boolean
  state: string
  user: string[]
  party: number[]
  qr_code: string
  qr_content: string
  create_time: number
}

export interface SimCustomer {
  external_userid: string
  name: string
  avatar: string
  type: number
  gender: number
}

export interface SimRelation {
  userid: string
  external_userid: string
  createtime: number
  state: string
  remark: string
  description: string
  tag_id: string[]
  /** The customer deleted the member: still listed on the member's side, but no longer a friend. */
  customerDeleted: boolean
  /** false for a half-add the member has not confirmed: not a relation yet (84061, not listed). */
  confirmed: boolean
  /** How the member got the customer: 1 a QR code, 202 assigned by a transfer (管理员/负责人分配). */
  add_way: number
  oper_userid: string
}

/** A handover (在职继承 or 离职继承): it settles after WeCom's 24-hour window, or fails. */
export interface SimTransfer {
  kind: 'onjob' | 'resigned'
  handover_userid: string
  takeover_userid: string
  external_userid: string
  requested_at: number
  status: 'waiting' | 'done' | 'refused' | 'limit'
  takeover_time: number
}

export interface SimPending {
  userid: string
  external_userid: string
  state: string
  since: number
}

export interface CorpData {
  corpId: string
  corpName: string
  departments: SimDepartment[]
  members: SimMember[]
  tagGroups: SimTagGroup[]
  ways: SimWay[]
  customers: SimCustomer[]
  relations: SimRelation[]
  pending: SimPending[]
  /** Uploaded media; type is absent in state files saved before issue 17 (they were images). */
  media: { media_id: string; created_at: number; type?: string }[]
  /** media/uploadimg URLs (lasting; uploads counted per day against WeCom's 1,000). */
  images?: { url: string; created_at: number }[]
  transfers: SimTransfer[]
  /** Round-robin position per way, so a multi-person code spreads scans across its members. */
  rr: Record<string, number>
}

export function emptyCorp(corpId: string, corpName: string): CorpData {
  return {
    corpId,
    corpName,
    // Every corp has its root department (id 1), named after the corp.
    departments: [{ id: 1, name: corpName, parentid: 0, order: 1 }],
    members: [],
    tagGroups: [],
    ways: [],
    customers: [],
    relations: [],
    pending: [],
    media: [],
    transfers: [],
    rr: {},
  }
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

export function randomId(prefix: string, length: number): string {
  let out = prefix
  for (let i = 0; i < length; i++) out += ALNUM[Math.floor(Math.random() * ALNUM.length)]
  return out
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
]

export function randomCustomerName(): string {
  const s = SURNAMES[Math.floor(Math.random() * SURNAMES.length)]!
  const g = GIVEN[Math.floor(Math.random() * GIVEN.length)]!
  return Math.random() < 0.3 ? `${s}${g}${g.length === 1 ? '同学' : ''}` : `${s}${g}`
}

/** Relations indexed by member, for the list and batch endpoints. */
export class RelationIndex {
  private byMember = new Map<string, SimRelation[]>()
  private byKey = new Map<string, SimRelation>()
  /** externalcontact/get looks customers up one by one: keep it O(1) at 100k relations. */
  private byCustomer = new Map<string, SimRelation[]>()

  constructor(relations: SimRelation[]) {
    for (const r of relations) this.add(r)
  }

  add(r: SimRelation) {
    const list = this.byMember.get(r.userid) ?? []
    list.push(r)
    this.byMember.set(r.userid, list)
    this.byKey.set(`${r.userid}\u0000${r.external_userid}`, r)
    const theirs = this.byCustomer.get(r.external_userid) ?? []
    theirs.push(r)
    this.byCustomer.set(r.external_userid, theirs)
  }

  remove(userid: string, externalUserid: string) {
    const key = `${userid}\u0000${externalUserid}`
    const r = this.byKey.get(key)
    if (!r) return
    this.byKey.delete(key)
    const list = this.byMember.get(userid) ?? []
    this.byMember.set(
      userid,
      list.filter((x) => x !== r),
    )
    const theirs = (this.byCustomer.get(externalUserid) ?? []).filter((x) => x !== r)
    if (theirs.length > 0) this.byCustomer.set(externalUserid, theirs)
    else this.byCustomer.delete(externalUserid)
  }

  get(userid: string, externalUserid: string): SimRelation | undefined {
    return this.byKey.get(`${userid}\u0000${externalUserid}`)
  }

  ofMember(userid: string): SimRelation[] {
    return this.byMember.get(userid) ?? []
  }

  ofCustomer(externalUserid: string): SimRelation[] {
    return this.byCustomer.get(externalUserid) ?? []
  }

  all(): SimRelation[] {
    return [...this.byKey.values()]
  }
}
