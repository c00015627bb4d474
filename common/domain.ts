// Domain types shared by every side: what a workspace, member, tag, code, customer relation and sync
// state look like once they cross the bridge. Plain data only; no behaviour, no environment.

import type { RichWelcome } from './rich-welcome'

export type WorkspaceKind = 'sandbox' | 'corp'

export interface Workspace {
  kind: WorkspaceKind
  corpId: string
  corpName: string
  relayUrl: string
  /** The WeCom API host set in 设置 for this corp ('' = the default: WECOM_API_BASE or WeCom's own). */
  apiBase: string
  /** The host the app actually calls. */
  effectiveApiBase: string
  /** IANA zone used for auto-accept windows and daily statistics. */
  timeZone: string
  /**
   * Token and EncodingAESKey the admin pastes into the WeCom console beside the callback URL. They are
   * the relay's (read from it over its desktop API): '' until the relay has been reached once.
   */
  callbackToken: string
  encodingAesKey: string
  /** relayUrl + '/callback/customerEvent/' + corpId */
  callbackUrl: string
  hasSecret: boolean
  hasRelayKey: boolean
  defaultWelcome: WelcomeContent
  /** Where secrets are kept and whether the OS really encrypts them. */
  secretStorage: 'os-encrypted' | 'file-fake' | 'unavailable'
}

export interface Department {
  id: number
  name: string
  parentId: number
}

export interface Member {
  userid: string
  name: string
  departmentIds: number[]
  /** WeCom status: 1 active, 2 disabled, 4 not activated, 5 left. */
  status: number
  /** Has the customer-contact permission (in get_follow_user_list). Only these can be on a code. */
  canFollow: boolean
  /** The manager may switch a member off for this app. */
  enabled: boolean
}

export interface Tag {
  id: string
  name: string
  groupId: string
  order: number
}

export interface TagGroup {
  groupId: string
  name: string
  order: number
  tags: Tag[]
}

export type WelcomeMode = 'own' | 'default' | 'none'

export interface WelcomeImage {
  kind: 'image'
  fileName: string
  mimeType: 'image/png' | 'image/jpeg'
  /** Base64 bytes of the image (≤ 2 MB decoded). */
  dataBase64: string
}

export interface WelcomeLink {
  kind: 'link'
  title: string
  url: string
  desc: string
  picUrl: string
}

export type WelcomeAttachment = WelcomeImage | WelcomeLink

export interface WelcomeContent {
  text: string
  attachment: WelcomeAttachment | null
}

export interface CodeWelcome extends WelcomeContent {
  mode: WelcomeMode
}

/** A weekly auto-accept window; weekday 1 = Monday … 7 = Sunday, times 'HH:MM' in the workspace zone. */
export interface ScheduleWindow {
  weekday: number
  start: string
  end: string
}

export type AutoAcceptMode = 'off' | 'on' | 'scheduled'

export interface AutoAccept {
  mode: AutoAcceptMode
  windows: ScheduleWindow[]
}

export type CodeOrigin = 'app' | 'imported'

/** 'synced': the relay holds the current policy; 'pending': retry on next sync. */
export type RelayState = 'synced' | 'pending'

export interface CodeSummary {
  id: number
  name: string
  configId: string
  state: string
  /** WeCom's qr_code image URL — also the code's shareable link. */
  qrUrl: string
  tagIds: string[]
  memberUserids: string[]
  creator: string
  createdAt: number
  updatedAt: number
  origin: CodeOrigin
  relayState: RelayState
  /**
   * Why the relay's last auto-accept flip for this code failed (Chinese), while it keeps retrying;
   * null when the last flip went through (or there was none).
   */
  autoAcceptIssue: string | null
}

/** A QR the code had before its way was replaced: printed copies of it no longer add anyone. */
export interface RetiredQr {
  configId: string
  qrUrl: string
  replacedAt: number
}

export interface Code extends CodeSummary {
  welcome: CodeWelcome
  autoAccept: AutoAccept
  /**
   * The WeCom way's type: 2 (what this app makes: any number of members, edited in place) or 1 (a
   * single-member way made elsewhere: growing it means a new way and a new QR); null until known.
   */
  wayType: 1 | 2 | null
  qrHistory: RetiredQr[]
  /** Issue 17's attachments, timed messages and auto remark; absent when the code has none. */
  rich?: RichWelcome
}

export type RelationStatus = 'current' | 'lost'
export type LostReason = 'customer_deleted_member' | 'member_deleted_customer'

/**
 * Whether a customer got the code's welcome message, from the relay's records of what it did:
 * missed = the relay never received the add (it was unreachable then), so nothing could be sent in
 * WeCom's 20 s; no_code = WeCom gave no welcome code (the member has an admin-set welcome, or they
 * had chatted before); unknown = the add predates what this app knows of the relay.
 */
export type WelcomeOutcome = 'sent' | 'failed' | 'pending' | 'missed' | 'no_code' | 'off' | 'unknown'

/** repaired = applied later by the app's reconcile (补打标签), because the relay missed the add. */
export type TagsOutcome = 'applied' | 'repaired' | 'failed' | 'pending' | 'missed' | 'none' | 'unknown'

/** A relation moved from one member to another (在职继承 or 离职继承). */
export interface Handover {
  fromUserid: string
  fromName: string
  toUserid: string
  toName: string
  at: number
}

export interface CodeCustomer {
  externalUserid: string
  name: string
  avatar: string
  /** Who serves the customer now (the takeover member after a handover). */
  memberUserid: string
  memberName: string
  /** The member has left the corp (and no handover has moved the customer yet): shown as 已离职. */
  memberLeft: boolean
  /** A half-add (免验证) the member has not confirmed yet: counted, shown as 待成员确认. */
  pendingConfirm: boolean
  /** 'pending': WeCom is moving the customer to another member; 'failed': that move failed. */
  handover: 'pending' | 'failed' | null
  /** Why the move failed (Chinese), when handover is 'failed'. */
  handoverNote: string
  /** Earlier owners, oldest first. */
  handovers: Handover[]
  addedAt: number
  status: RelationStatus
  lostAt: number | null
  lostReason: LostReason | null
  welcome: WelcomeOutcome
  tags: TagsOutcome
  /**
   * The tags given to this customer through the code, when `tags` is applied or repaired: the ones
   * the app's 补打标签 applied, else the code's tags (the relay applies the code's tags as they are
   * set; an edit of the code's tags since is not tracked per customer). Empty otherwise.
   */
  appliedTagIds: string[]
  /** Why, when the welcome did not go out, or a remark on how it did (Chinese). */
  welcomeNote: string
  /** Why, when the tags did not go out or came late (Chinese). */
  tagsNote: string
}

export interface CodeCounts {
  cumulative: number
  lost: number
  current: number
}

export interface DailyCount {
  /** YYYY-MM-DD in the workspace zone. */
  date: string
  added: number
  lost: number
}

export interface MemberCount extends CodeCounts {
  userid: string
  name: string
}

/** A time the relay was down (epoch ms): customers who deleted a member then may be missing. */
export interface RelayGap {
  from: number
  to: number
}

export interface CodeStats extends CodeCounts {
  daily: DailyCount[]
  perMember: MemberCount[]
  /** Relay outages since the code was created, newest first. */
  relayGaps: RelayGap[]
}

export type SyncPhase =
  'idle' | 'events' | 'members' | 'tags' | 'codes' | 'qr' | 'customers' | 'repair' | 'done' | 'error'

/** ok: everything reached; partial: one side (relay or WeCom) updated, the other not; failed: nothing. */
export type SyncOutcome = 'ok' | 'partial' | 'failed'

export interface SyncStatus {
  running: boolean
  phase: SyncPhase
  done: number
  total: number
  /** WeCom and the relay both answered the last time the app called them. */
  online: boolean
  wecomOnline: boolean
  relayOnline: boolean
  /** When the last sync that reached everything finished: the data on screen is as of then. */
  lastSuccessAt: number | null
  /** When the last sync finished, whatever its outcome. */
  lastFinishedAt: number | null
  lastOutcome: SyncOutcome | null
  /** Why the last sync did not fully succeed (Chinese, says what to do). */
  lastError: string | null
  /** What the last sync updated, in Chinese (shown for partial syncs too). */
  lastSummary: string | null
  /** Codes whose latest settings the relay has not confirmed yet (retried on their own). */
  pendingPushes: number
  /**
   * Rises with every status main reports. A status reaches a window by two roads (an answer to a call,
   * the event stream) that keep no order between them, so the window keeps the highest, not the last.
   */
  seq: number
}

export interface Page<T> {
  items: T[]
  total: number
}

/** A row of the code list: the code and its figures, so channels can be compared and sorted. */
export interface CodeListItem extends CodeSummary {
  counts: CodeCounts
}

/** A page of the code list, with the figures summed over every code the filter matches. */
export interface CodeListPage extends Page<CodeListItem> {
  totals: CodeCounts
}

export interface FileBlob {
  fileName: string
  mimeType: string
  dataBase64: string
}

/** A code left out of a batch because its QR image could not be read (offline, never cached). */
export interface SkippedCode {
  id: number
  name: string
}

export type CheckItemKey =
  'token' | 'followUsers' | 'relay' | 'relayCorp' | 'relayClock' | 'relayProblems' | 'callbackUrl'

export interface CheckItem {
  key: CheckItemKey
  label: string
  ok: boolean
  message: string
}

export interface CheckResult {
  ok: boolean
  items: CheckItem[]
}

export interface SimulationResult {
  externalUserid: string
  customerName: string
  memberUserid: string
  /** With auto-accept off the add waits for the member; the sandbox accepts after `acceptAfterMs`. */
  pending: boolean
}

export interface AppInfo {
  version: string
  transport: 'ipc' | 'http'
  workspaceDir: string
}
