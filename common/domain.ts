// Domain types shared by every side: what a workspace, member, tag, code, customer relation and sync
// state look like once they cross the bridge. Plain data only; no behaviour, no environment.

export type WorkspaceKind = 'sandbox' | 'corp'

export interface Workspace {
  kind: WorkspaceKind
  corpId: string
  corpName: string
  relayUrl: string
  /** IANA zone used for auto-accept windows and daily statistics. */
  timeZone: string
  /** Token and EncodingAESKey the admin pastes into the WeCom console beside the callback URL. */
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
}

export interface Code extends CodeSummary {
  welcome: CodeWelcome
  autoAccept: AutoAccept
}

export type RelationStatus = 'current' | 'lost'
export type LostReason = 'customer_deleted_member' | 'member_deleted_customer'

export interface CodeCustomer {
  externalUserid: string
  name: string
  avatar: string
  memberUserid: string
  memberName: string
  addedAt: number
  status: RelationStatus
  lostAt: number | null
  lostReason: LostReason | null
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

export interface CodeStats extends CodeCounts {
  daily: DailyCount[]
  perMember: MemberCount[]
}

export type SyncPhase = 'idle' | 'events' | 'members' | 'tags' | 'codes' | 'customers' | 'done' | 'error'

export interface SyncStatus {
  running: boolean
  phase: SyncPhase
  done: number
  total: number
  online: boolean
  lastSuccessAt: number | null
  lastError: string | null
}

export interface Page<T> {
  items: T[]
  total: number
}

export interface FileBlob {
  fileName: string
  mimeType: string
  dataBase64: string
}

export type CheckItemKey = 'token' | 'followUsers' | 'relay' | 'relayCorp'

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
