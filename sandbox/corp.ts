// The simulator's live state around the corp data: issued tokens, welcome codes, uploaded media, the
// call counters and the records tests assert on (welcomes sent, tags marked, callbacks posted).

import type { MarkedTag, SandboxCallback, SentWelcome } from './types'
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
    { userid: string; externalUserid: string; issuedAt: number; used: boolean }
  >()
  sentWelcomes: SentWelcome[] = []
  markedTags: MarkedTag[] = []
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

  issueToken(): { token: string; expiresIn: number } {
    const token = randomId('', 64)
    this.tokens.set(token, this.now + this.options.tokenTtlSeconds * 1000)
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

  requireMember(userid: string): SimMember {
    const m = this.member(userid)
    if (!m) throw new ApiError(60111, `userid not found: ${userid}`)
    return m
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

  mediaValid(mediaId: string): boolean {
    const media = this.data.media.find((m) => m.media_id === mediaId)
    return media !== undefined && this.now - media.created_at * 1000 < MEDIA_TTL_MS
  }

  tagExists(id: string): boolean {
    return this.data.tagGroups.some((g) => g.tag.some((t) => t.id === id))
  }

  issueWelcomeCode(userid: string, externalUserid: string): string {
    const code = randomId('', 43)
    this.welcomeCodes.set(code, { userid, externalUserid, issuedAt: this.now, used: false })
    return code
  }
}
