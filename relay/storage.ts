// The relay's store as the rest of the relay sees it: one interface, two implementations — SQLite
// (relay/store.ts and its companions, the default: one host, one file) and PostgreSQL (relay/pg/,
// several instances on one database). SQLite answers at once, PostgreSQL over the network, so every
// call may return a promise and callers always await. A write that must be atomic is one method here
// (never a transaction opened by a caller), so each engine keeps its own transaction rules.

import type {
  ActionOutcome,
  CodePolicy,
  DesktopKey,
  IssuedKey,
  RegistryAuthor,
  RegistryEntry,
  RegistryRecord,
  RelayEvent,
  RelaySettings,
} from '../common/relay-api'
import type { MemberRouting, RoutingLogEntry, RoutingReason } from '../common/routing'

export type Awaitable<T> = T | Promise<T>

export interface IncomingEvent {
  corpId: string
  event: string
  changeType: string
  userid: string
  externalUserid: string
  state: string
  welcomeCode: string
  createTime: number
  source: string
  receivedAt: number
  /** When the customer was added, on the relay's clock (from CreateTime); receivedAt when unknown. */
  addedAt?: number
}

/** A verified message the relay does not act on (text to the app, other events), kept whole. */
export interface IncomingMessage {
  corpId: string
  msgType: string
  event: string
  changeType: string
  createTime: number
  receivedAt: number
  xml: string
}

/**
 * One write of a job's outcome, as data, so a tick's outcomes can go to the store as one commit (the
 * runner's `recordOutcomes`): `detail` before its `finish`, a failed flip's pause before its job closes.
 */
export type OutcomeWrite =
  | {
      op: 'finish'
      id: number
      status: ActionOutcome['status']
      at: number
      errcode: number | null
      error: string | null
    }
  | { op: 'detail'; id: number; detail: string }
  | {
      op: 'retry'
      id: number
      runAt: number
      at: number
      errcode: number | null
      error: string
      /** This attempt's call may have reached WeCom. */
      unknown: boolean
    }
  | { op: 'flipFailed'; corpId: string; state: string; skipVerify: boolean; at: number }

export interface JobRow {
  id: number
  corp_id: string
  kind: 'welcome' | 'tags' | 'skip_verify' | 'remark'
  event_seq: number | null
  state: string
  userid: string
  external_userid: string
  welcome_code: string
  status: ActionOutcome['status'] | 'running'
  attempts: number
  run_at: number
  deadline: number | null
  payload: string
  created_at: number
  /** 1 when an earlier attempt's result is unknown (see migration step 5). */
  outcome_unknown: number
}

/** One group commit's results, in the order given. */
export interface CommitResult {
  /** Per event: true if new, false for a retry of an event already stored. */
  events: boolean[]
  messages: boolean[]
  /** Whether the commit queued any job (the runner is woken only then). */
  queuedJobs: boolean
}

export interface RoutedCode {
  users: string[] | null
  policyVersion: number | null
  eligible: string[]
  alert: string | null
}

export interface AddRow {
  day: string
  userid: string
  externalUserid: string
  state: string
  at: number
}

export interface RoutingLogInput {
  state: string
  at: number
  reason: RoutingReason
  before: string[]
  after: string[]
  detail: string
}

export interface AddEventRow {
  seq: number
  change_type: string
  userid: string
  external_userid: string
  state: string
  received_at: number
}

export interface ContactMessageRow {
  /** The message's number in its corp: increasing in commit order, as the events' seq. */
  id: number
  change_type: string
  xml: string
}

export type PushOutcome =
  { ok: true; version: number; changedAt: number } | { ok: false; current: RegistryEntry | null }

export interface RegistryChange {
  seq: number
  codeKey: string
  baseVersion: number
  deleted: boolean
  record: RegistryRecord
  keyId: string
  who: string
  at: number
}

export interface KeyHolder {
  corpId: string
  keyId: string
  who: string
}

export interface UptimeSpan {
  started_at: number
  last_beat_at: number
}

/** Smart routing's tables (relay store step 7). */
export interface RoutingStorage {
  putProfiles(corpId: string, members: MemberRouting[]): Awaitable<void>
  profiles(corpId: string): Awaitable<Map<string, MemberRouting>>
  departed(corpId: string): Awaitable<Set<string>>
  markDeparted(corpId: string, userid: string, at: number, reason: string): Awaitable<boolean>
  reinstate(corpId: string, userid: string): Awaitable<void>
  code(corpId: string, state: string): Awaitable<RoutedCode>
  /** Records the code's written list, and a routing log entry with it when `log` is given (one transaction). */
  putCode(corpId: string, state: string, code: RoutedCode, at: number, log?: RoutingLogInput): Awaitable<void>
  dropCode(corpId: string, state: string): Awaitable<void>
  alerts(corpId: string): Awaitable<{ state: string; alert: string }[]>
  addAdds(corpId: string, adds: AddRow[]): Awaitable<number>
  addsOn(corpId: string, day: string): Awaitable<{ userid: string; state: string; n: number }[]>
  log(corpId: string, entry: RoutingLogInput): Awaitable<void>
  logAfter(corpId: string, after: number, limit: number): Awaitable<RoutingLogEntry[]>
  cursor(corpId: string): Awaitable<{ eventSeq: number; messageId: number }>
  setCursor(corpId: string, eventSeq: number, messageId: number): Awaitable<void>
  addEvents(corpId: string, after: number, limit: number): Awaitable<AddEventRow[]>
  contactMessages(corpId: string, after: number, limit: number): Awaitable<ContactMessageRow[]>
  lastMessageId(corpId: string): Awaitable<number>
}

/** The shared code registry (relay store step 6). */
export interface RegistryStorage {
  get(corpId: string, codeKey: string): Awaitable<RegistryEntry | null>
  since(corpId: string, after: number, limit: number): Awaitable<RegistryEntry[]>
  push(
    corpId: string,
    codeKey: string,
    baseVersion: number,
    record: RegistryRecord | null,
    author: RegistryAuthor,
    at: number,
  ): Awaitable<PushOutcome>
  changes(corpId: string, after?: number): Awaitable<RegistryChange[]>
}

/** The desktops' relay keys (relay store step 6). Revocation is read on every request. */
export interface KeyStorage {
  holder(key: string): Awaitable<KeyHolder | null>
  issue(corpId: string, keyId: string, who: string): Awaitable<IssuedKey | null>
  revoke(corpId: string, keyId: string): Awaitable<boolean>
  list(corpId: string): Awaitable<DesktopKey[]>
}

/** When the relay ran: one span per process start, beaten while it runs (relay/uptime.ts). */
export interface UptimeStorage {
  /** Opens a span; returns its id. */
  startSpan(at: number): Awaitable<number>
  beat(spanId: number, at: number): Awaitable<void>
  /** Every span, by started_at (spans of several instances overlap). */
  spans(): Awaitable<UptimeSpan[]>
}

/** Work only one relay instance may do at a time (PostgreSQL: an advisory lock; SQLite: always this one). */
export type LeadRole = 'scheduler' | 'router'

export interface RelayStorage {
  readonly kind: 'sqlite' | 'postgres'

  /**
   * Stores a batch of events (with their follow-up jobs) and other messages in one transaction, and
   * resolves only once that transaction is durable: an answered callback survives a crash.
   */
  commit(events: IncomingEvent[], messages: IncomingMessage[], welcomeWindowMs: number): Promise<CommitResult>
  pruneMessages(before: number): Awaitable<number>
  otherMessageCount(corpId: string): Awaitable<number>
  events(corpId: string, after: number, limit: number): Awaitable<RelayEvent[]>
  lastEventAt(corpId: string): Awaitable<number | null>
  /** `allKinds` false: only the first release's kinds (see actionsQuery in common/relay-api.ts). */
  actions(corpId: string, after: number, limit: number, allKinds?: boolean): Awaitable<ActionOutcome[]>

  /**
   * Queues a skip_verify flip unless one for the code is queued or running, or (with `pauseMs`) a
   * flip of this value failed less than pauseMs before `now`; returns whether queued. The pause is
   * read after the open flip, in the same transaction: a failed flip closes in the commit that records
   * its pause, so seeing it closed means seeing the pause (a scheduler's own earlier read may not).
   */
  enqueueFlipUnlessOpen(
    corpId: string,
    state: string,
    skipVerify: boolean,
    now: number,
    pauseMs?: number,
  ): Awaitable<boolean>
  /**
   * Claims due jobs, and jobs whose lease lapsed, for leaseMs; never one in `busy` (running in this
   * process). Lapsed ones come marked outcome_unknown; one past maxAttempts is recorded dead instead.
   * Two instances never claim the same job under one lease. `othersLimit` caps the due jobs other than
   * welcomes (the runner keeps slots free for welcomes, whose 20 s may start any moment).
   */
  claim(
    now: number,
    limit: number,
    leaseMs: number,
    maxAttempts: number,
    busy?: number[],
    othersLimit?: number,
  ): Awaitable<JobRow[]>
  extendLeases(ids: number[], until: number): Awaitable<void>
  /**
   * Job outcomes in the order given, as one transaction: all of them or none (then it throws). The
   * runner hands over everything decided in one turn, so a burst's outcomes share one commit.
   */
  recordOutcomes(writes: readonly OutcomeWrite[]): Awaitable<void>
  finish(
    id: number,
    status: ActionOutcome['status'],
    now: number,
    errcode?: number | null,
    error?: string | null,
  ): Awaitable<void>
  setDetail(id: number, detail: string): Awaitable<void>
  retryAt(
    id: number,
    runAt: number,
    now: number,
    errcode: number | null,
    error: string,
    unknown?: boolean,
  ): Awaitable<void>
  pendingCount(): Awaitable<number>

  putPolicy(corpId: string, policy: CodePolicy, now: number, skipVerifyNow: boolean): Awaitable<boolean>
  deletePolicy(corpId: string, state: string): Awaitable<void>
  /** Never older than the last answered push, on any instance. */
  policy(corpId: string, state: string): Awaitable<CodePolicy | null>
  hasPolicy(corpId: string, state: string): Awaitable<boolean>
  policies(corpId: string): Awaitable<CodePolicy[]>
  putSettings(corpId: string, settings: RelaySettings): Awaitable<void>
  settings(corpId: string): Awaitable<RelaySettings | null>
  media(corpId: string, sha256: string): Awaitable<{ mediaId: string; createdAt: number } | null>
  putMedia(corpId: string, sha256: string, mediaId: string, createdAt: number): Awaitable<void>
  skipState(
    corpId: string,
    state: string,
  ): Awaitable<{ written: boolean | null; failedSkip: boolean | null; failedAt: number | null }>
  flipWritten(corpId: string, state: string, skipVerify: boolean): Awaitable<void>
  flipFailed(corpId: string, state: string, skipVerify: boolean, at: number): Awaitable<void>
  hasOpenFlip(corpId: string, state: string): Awaitable<boolean>

  /** Whether this instance holds `role` now (taking it if free); released on close or a lost connection. */
  lead(role: LeadRole): Awaitable<boolean>

  readonly routing: RoutingStorage
  readonly registry: RegistryStorage
  readonly keys: KeyStorage
  readonly uptime: UptimeStorage

  close(): Promise<void>
}
