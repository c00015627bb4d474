// The sandbox simulator's interface: a WeCom stand-in on loopback with a control surface for tests,
// the in-process sandbox workspace and `npm run sandbox`.

export interface SandboxOptions {
  /** 0 or unset: a random free port on 127.0.0.1. */
  port?: number
  host?: string
  corpId?: string
  corpName?: string
  secret?: string
  /** Callback Token and EncodingAESKey (43 chars); generated when unset. */
  token?: string
  encodingAesKey?: string
  /** Where encrypted callbacks are POSTed (the relay's /callback/customerEvent/<corpId>); none when unset. */
  callbackUrl?: string
  /** Added to every API answer, ms (default 0). */
  latencyMs?: number
  /** Calls per minute per API before 45009 (default 10,000 as WeCom). */
  rateLimitPerMinute?: number
  /** access_token lifetime in seconds (default 7200). */
  tokenTtlSeconds?: number
  /** Seed the demo corp (~20 members, departments, tag groups, customers). Default true. */
  seed?: boolean
  /** When a scan hits a code with skip_verify off, the member accepts after this many ms (default: never — call acceptPending). */
  autoAcceptPendingAfterMs?: number
  /** Load the corp from this JSON file at start (when present) and save it after every change. */
  stateFile?: string
  /** Clock for token and welcome-code expiry (tests move it instead of sleeping). */
  now?: () => number
  /** How long a callback receiver may take before the attempt counts as failed (default 5,000 ms as WeCom). */
  callbackTimeoutMs?: number
  /** A half-add member confirms after this many ms (default: never — call confirmHalfAdd). */
  halfAddConfirmAfterMs?: number
  /** WeCom's takeover window for transfers (default 24 h); settleTransfers() completes due ones. */
  transferDelayMs?: number
  /**
   * Whether the takeover member's follow_info.state keeps the code's state after a transfer. WeCom's
   * docs do not say: the product must be right either way (default true).
   */
  keepStateOnTransfer?: boolean
  /**
   * Whether update_contact_way keeps a way's party when the field is omitted. The docs say the fields
   * overwrite but not what omitting does (default false: omitted means cleared).
   */
  updateKeepsOmittedParty?: boolean
  /** Calls of one API in flight at once before 45033 (default 100). */
  maxConcurrentPerApi?: number
}

/** A fault to answer instead of (or after) doing the call — WeCom's -1 may come after the effect. */
export interface InjectedFault {
  /** The API path, e.g. '/cgi-bin/externalcontact/add_contact_way'. */
  path: string
  errcode: number
  /** Do the call first, then answer the error (the "maybe it happened" -1). */
  afterEffect?: boolean
  /** How many calls to hit (default 1). */
  times?: number
}

export interface SentWelcome {
  welcomeCode: string
  userid: string
  externalUserid: string
  text?: string
  attachments: unknown[]
  at: number
}

export interface MarkedTag {
  userid: string
  externalUserid: string
  addTag: string[]
  removeTag: string[]
  at: number
}

export interface RemarkSet {
  userid: string
  externalUserid: string
  remark: string | null
  description: string | null
  at: number
}

/** One callback the simulator delivered (or tried to): a change_external_contact event or another. */
export interface SandboxCallback {
  /** The message's MsgType and Event ('event'/'change_external_contact', 'text'/'' …). */
  msgType: string
  event: string
  changeType: string
  userid: string
  externalUserid: string
  state?: string
  welcomeCode?: string
  /** HTTP status of the last attempt; 0 when the receiver never answered (refused or timed out). */
  status: number
  /** Attempts made: 1 when the first was answered 2xx, at most 3 (WeCom retries twice). */
  attempts: number
  at: number
}

/** An add request waiting for the member (the code's skip_verify was off). */
export interface PendingAdd {
  userid: string
  externalUserid: string
  state: string
  since: number
}

export interface ScanResult {
  externalUserid: string
  customerName: string
  userid: string
  /** true when the code's skip_verify was off: nothing added until acceptPending(). */
  pending: boolean
  /** The WelcomeCode issued in the callback, if any (absent when the member has an admin welcome). */
  welcomeCode: string | null
  /** The customer was already this member's friend: WeCom opens the chat and sends no add event. */
  alreadyFriend: boolean
  /** A half-add: the member has not confirmed yet (not a relation until confirmHalfAdd). */
  half: boolean
}

/** One update_contact_way the simulator applied. */
export interface WayUpdate {
  configId: string
  user: string[]
  at: number
}

export interface TransferView {
  kind: 'onjob' | 'resigned'
  handoverUserid: string
  takeoverUserid: string
  externalUserid: string
  status: 'waiting' | 'done' | 'refused' | 'limit'
}

export interface SandboxControl {
  /**
   * A customer scans the code whose state (or config_id) is given; routed round-robin to one of its
   * members (or opts.userid, which must be on the code). A new customer is made unless
   * opts.externalUserid or opts.customerName names an existing one — that is a re-add.
   */
  scan(
    codeRef: { state?: string; configId?: string },
    opts?: { customerName?: string; userid?: string; externalUserid?: string },
  ): Promise<ScanResult>
  /** The member accepts a pending add request (skip_verify off). */
  acceptPending(userid: string, externalUserid: string): Promise<void>
  customerDeletesMember(externalUserid: string, userid: string): Promise<void>
  /** source 'DELETE_BY_TRANSFER' simulates removal by 在职继承 (the callback's Source field). */
  memberDeletesCustomer(userid: string, externalUserid: string, opts?: { source?: string }): Promise<void>
  /** Member has a welcome message set by the admin in the console: no WelcomeCode is issued. */
  setMemberAdminWelcome(userid: string, on: boolean): void
  /** Member's 免验证 adds arrive as add_half_external_contact; the full add only on confirmation. */
  setMemberHalfAdd(userid: string, on: boolean): void
  /** The member confirms a half-added customer: now a relation, and add_external_contact is sent. */
  confirmHalfAdd(userid: string, externalUserid: string): Promise<void>
  /** Another app of the corp sends its welcome first, so ours answers 41051. */
  setMemberOtherAppWelcome(userid: string, on: boolean): void
  /** The member has no customer-contact licence (batch/get_by_user: fail_info). */
  setMemberUnlicensed(userid: string, on: boolean): void
  /** The member leaves the company: status 5, gone from the follow list, 60111 on calls naming them. */
  memberLeaves(userid: string): void
  /** The member gains or loses customer-contact permission (off: 84074 on ways naming them, not followed). */
  setMemberCanFollow(userid: string, on: boolean): void
  /** Completes every transfer whose 24-hour window has passed; returns how many settled. */
  settleTransfers(): Promise<number>
  /** The customer refuses a waiting transfer, or the takeover member is at their limit. */
  failTransfer(externalUserid: string, reason: 'customer_refused' | 'customer_limit_exceed'): Promise<void>
  /** Any other message or event the app's callback URL receives (a text to the app, change_contact …). */
  sendMessage(values: Record<string, import('./callbacks').XmlValue>): Promise<SandboxCallback>
  /** The next call(s) of an API answer this errcode instead of (or after) doing it. */
  injectFault(fault: InjectedFault): void
  setCallbackUrl(url: string | null): void
  setLatency(ms: number): void
  /** One API answers this much later than the others (on top of setLatency); 0 removes it. */
  setPathLatency(path: string, ms: number): void
  /** Invalidate every issued token (next call answers 42001). */
  expireTokens(): void
  /** Bulk-create customers and relations for benchmarks: n members each with m customers added via state. */
  seedRelations(input: { members: number; perMember: number; state?: string | undefined }): {
    userids: string[]
  }
  readonly sentWelcomes: readonly SentWelcome[]
  readonly markedTags: readonly MarkedTag[]
  readonly remarks: readonly RemarkSet[]
  /** Count of API calls served, by path, for assertions and benches. */
  readonly calls: Readonly<Record<string, number>>
  /** Callbacks posted and the HTTP status the receiver answered. */
  readonly callbacks: readonly SandboxCallback[]
  /** Add requests waiting for acceptPending(). */
  readonly pending: readonly PendingAdd[]
  readonly transfers: readonly TransferView[]
  /** Every update_contact_way applied, in order. */
  readonly wayUpdates: readonly WayUpdate[]
  contactWay(configId: string):
    | {
        type: number
        skip_verify: boolean
        state: string
        user: string[]
        party: number[]
        remark: string
        qr_code: string
      }
    | undefined
}

export interface Sandbox {
  /** API base to give a WeComClient (no trailing slash; '/cgi-bin/…' is appended). */
  apiBase: string
  corpId: string
  corpName: string
  secret: string
  token: string
  encodingAesKey: string
  control: SandboxControl
  stop(): Promise<void>
}
