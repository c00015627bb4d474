// The simulator's live state around the corp data: issued tokens, welcome codes, uploaded media, the
// call counters and the records tests assert on (welcomes sent, tags marked, callbacks posted).

import type { MarkedTag, RemarkSet, SandboxCallback, SentWelcome, WayUpdate } from './types'
import { RelationIndex, randomId, type CorpData, type SimMember, type SimWay } from './model'

export class ApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(errmsg)
  }
}

export interface SimOptions {
  secret: string
  token: string
  encodingAesKey: string
  tokenTtlSeconds: number
  rateLimitPerMinute: number
  latencyMs: number
  callbackUrl: string | null
  autoAcceptPendingAfterMs: number | null
  callbackTimeoutMs: number
  halfAddConfirmAfterMs: number | null
  transferDelayMs: number
  keepStateOnTransfer: boolean
  updateKeepsOmittedParty: boolean
  maxConcurrentPerApi: number
  now: () => number
}

export const WELCOME_CODE_TTL_MS = 20_000
/** media/upload ids lapse after three days (WECOM.md). */
export const MEDIA_TTL_MS = 3 * 86_400_000

export class SimCorp {
  index: RelationIndex
  tokens = new Map<string, number>()
  welcomeCodes = new Map<
    string,
    { userid: string; externalUserid: string; issuedAt: number; used: boolean; usedByOther: boolean }
  >()
  faults: { path: string; errcode: number; afterEffect: boolean; left: number }[] = []
  inFlight: Record<string, number> = {}
  /** Extra latency of single APIs (control.setPathLatency): a slow externalcontact/get, say. */
  pathLatencyMs = new Map<string, number>()
  private current: { token: string; expiresAt: number } | null = null
  sentWelcomes: SentWelcome[] = []
  markedTags: MarkedTag[] = []
  /** Every update_contact_way that went through: which way, its new user list, when. */
  wayUpdates: WayUpdate[] = []
  remarks: RemarkSet[] = []
  calls: Record<string, number> = {}
  callbacks: SandboxCallback[] = []
  private windows = new Map<string, { start: number; count: number }>()
  onChange: () => void = () => {}

  constructor(
    public data: CorpData,
    public options: SimOptions,
  ) {
    this.index = new RelationIndex(data.relations)
  }

  private customersById: Map<string, CorpData['customers'][number]> | null = null
  private customersCount = -1

  /** Customers by id, rebuilt only when customers were added. */
  customerIndex() {
    if (!this.customersById || this.customersCount !== this.data.customers.length) {
      this.customersById = new Map(this.data.customers.map((c) => [c.external_userid, c]))
      this.customersCount = this.data.customers.length
    }
    return this.customersById
  }

  get now(): number {
    return this.options.now()
  }

  /** Keep data.relations in step with the index before saving. */
  snapshot(): CorpData {
    this.data.relations = this.index.all()
    return this.data
  }

  changed() {
    this.onChange()
  }

  /** WeCom hands out the same token while it is valid (doc 91039), with the seconds it has left. */
  issueToken(): { token: string; expiresIn: number } {
    const current = this.current
    if (current && current.expiresAt > this.now && this.tokens.get(current.token) === current.expiresAt) {
      return { token: current.token, expiresIn: Math.floor((current.expiresAt - this.now) / 1000) }
    }
    const token = randomId('', 64)
    const expiresAt = this.now + this.options.tokenTtlSeconds * 1000
    this.tokens.set(token, expiresAt)
    this.current = { token, expiresAt }
    return { token, expiresIn: this.options.tokenTtlSeconds }
  }

  checkToken(token: string | null) {
    if (!token) throw new ApiError(41001, 'access_token missing')
    const expiresAt = this.tokens.get(token)
    if (expiresAt === undefined) throw new ApiError(40014, 'invalid access_token')
    if (expiresAt <= this.now) throw new ApiError(42001, 'access_token expired')
  }

  expireTokens() {
    for (const key of this.tokens.keys()) this.tokens.set(key, 0)
  }

  /** WeCom's per-API frequency cap: a fixed one-minute window per path. */
  countCall(path: string) {
    this.calls[path] = (this.calls[path] ?? 0) + 1
    const w = this.windows.get(path)
    if (!w || this.now - w.start >= 60_000) {
      this.windows.set(path, { start: this.now, count: 1 })
      return
    }
    w.count += 1
    if (w.count > this.options.rateLimitPerMinute) throw new ApiError(45009, 'api freq out of limit')
  }

  member(userid: string): SimMember | undefined {
    return this.data.members.find((m) => m.userid === userid)
  }

  /** A member still in the company: one who left (status 5) is 60111 to every call naming them. */
  requireMember(userid: string): SimMember {
    const m = this.member(userid)
    if (!m || m.status === 5) throw new ApiError(60111, `userid not found: ${userid}`)
    return m
  }

  /** The injected fault for this call, if any (used up as it is returned). */
  takeFault(path: string): { errcode: number; afterEffect: boolean } | null {
    const fault = this.faults.find((f) => f.path === path && f.left > 0)
    if (!fault) return null
    fault.left -= 1
    this.faults = this.faults.filter((f) => f.left > 0)
    return fault
  }

  way(configId: string): SimWay {
    const w = this.data.ways.find((x) => x.config_id === configId)
    if (!w) throw new ApiError(41044, 'invalid config_id')
    return w
  }

  /** The departments given and everything under them, as WeCom expands fetch_child and a way's party. */
  departmentScope(ids: number[]): Set<number> {
    const scope = new Set(ids)
    let grew = true
    while (grew) {
      grew = false
      for (const d of this.data.departments) {
        if (scope.has(d.parentid) && !scope.has(d.id)) {
          scope.add(d.id)
          grew = true
        }
      }
    }
    return scope
  }

  /** A way's members after its departments expand: what the 100-member cap counts and scans reach. */
  wayMembers(users: string[], party: number[]): string[] {
    const out = new Set(users)
    if (party.length > 0) {
      const scope = this.departmentScope(party)
      for (const m of this.data.members) if (m.department.some((d) => scope.has(d))) out.add(m.userid)
    }
    return [...out]
  }

  mediaValid(mediaId: string, type = 'image'): boolean {
    const media = this.data.media.find((m) => m.media_id === mediaId)
    return (
      media !== undefined &&
      (media.type ?? 'image') === type &&
      this.now - media.created_at * 1000 < MEDIA_TTL_MS
    )
  }

  tagExists(id: string): boolean {
    return this.data.tagGroups.some((g) => g.tag.some((t) => t.id === id))
  }

  issueWelcomeCode(userid: string, externalUserid: string): string {
    const code = randomId('', 43)
    const usedByOther = this.member(userid)?.otherAppWelcome ?? false
    this.welcomeCodes.set(code, { userid, externalUserid, issuedAt: this.now, used: false, usedByOther })
    return code
  }
}
