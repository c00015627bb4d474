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

/** One change_external_contact event the simulator delivered (or tried to). */
export interface SandboxCallback {
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
  /** Member's adds arrive as add_half_external_contact then add_external_contact. */
  setMemberHalfAdd(userid: string, on: boolean): void
  setCallbackUrl(url: string | null): void
  setLatency(ms: number): void
  /** Invalidate every issued token (next call answers 42001). */
  expireTokens(): void
  /** Bulk-create customers and relations for benchmarks: n members each with m customers added via state. */
  seedRelations(input: { members: number; perMember: number; state?: string | undefined }): {
    userids: string[]
  }
  readonly sentWelcomes: readonly SentWelcome[]
  readonly markedTags: readonly MarkedTag[]
  /** Count of API calls served, by path, for assertions and benches. */
  readonly calls: Readonly<Record<string, number>>
  /** Callbacks posted and the HTTP status the receiver answered. */
  readonly callbacks: readonly SandboxCallback[]
  /** Add requests waiting for acceptPending(). */
  readonly pending: readonly PendingAdd[]
  contactWay(
    configId: string,
  ): { skip_verify: boolean; state: string; user: string[]; remark: string } | undefined
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
