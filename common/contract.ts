// The bridge contract: the one list of calls the renderer can make. The preload, main/ipc.ts, the HTTP
// host and the renderer client are each a loop over this table, so a call added here is type-checked
// everywhere and validated (strict zod) wherever it is received.

import { z } from 'zod'
import type { BridgeResult } from './bridge-result'
import { groupId, groupNameSchema, type CodeGroup, type CodeGroupList } from './code-groups'
import { qrStyleSchema, type QrStyle } from './qr-style'
import { richCodeInputSchema } from './rich-welcome'
import type { CodeFunnel } from './funnel'
import type {
  AppInfo,
  CheckResult,
  Code,
  CodeCustomer,
  CodeListPage,
  CodeStats,
  Department,
  FileBlob,
  Member,
  Page,
  SimulationResult,
  SkippedCode,
  SyncStatus,
  TagGroup,
  Workspace,
} from './domain'
import {
  codeFilterSchema,
  codeId,
  codeInputSchema,
  codeSortSchema,
  connectCorpSchema,
  customerFilterSchema,
  exportFormat,
  pageSchema,
  relationStatusFilter,
  welcomeContentSchema,
} from './schemas'
import type { CodeConflictView, Identity, RelayKeysView } from './registry-view'
import { codeRoutingSchema, memberRoutingListSchema } from './routing'
import type { CodeRouting, MemberRouting, RoutingReport } from './routing'

/** A call's input schema plus a phantom of its output type. */
interface CallSpec<I extends z.ZodType, O> {
  input: I
  output?: O
}

function call<O>() {
  return <I extends z.ZodType>(input: I): CallSpec<I, O> => ({ input })
}

const empty = z.strictObject({})
const byId = z.strictObject({ id: codeId })
const qrOptions = {
  format: z.enum(['png', 'svg']).default('png'),
  caption: z.boolean().default(true),
}

export const contract = {
  // App and workspace
  getAppInfo: call<AppInfo>()(empty),
  getWorkspace: call<Workspace>()(empty),
  connectCorp: call<CheckResult>()(connectCorpSchema),
  checkWorkspace: call<CheckResult>()(empty),
  switchToSandbox: call<Workspace>()(empty),
  /** Sandbox only: wipes its codes, customers, history, simulator and relay, and opens it fresh. */
  resetSandbox: call<Workspace>()(empty),
  setDefaultWelcome: call<Workspace>()(z.strictObject({ welcome: welcomeContentSchema })),

  // Members and tags
  listMembers: call<{ members: Member[]; departments: Department[] }>()(empty),
  setMemberEnabled: call<Member>()(
    z.strictObject({ userid: z.string().min(1).max(64), enabled: z.boolean() }),
  ),
  listTagGroups: call<TagGroup[]>()(empty),

  // Codes
  listCodes: call<CodeListPage>()(
    z.strictObject({ ...codeFilterSchema.shape, ...pageSchema, sort: codeSortSchema.optional() }),
  ),
  listCreators: call<string[]>()(empty),
  getCode: call<Code>()(byId),
  createCode: call<Code>()(richCodeInputSchema),
  updateCode: call<Code>()(
    z.strictObject({
      id: codeId,
      code: richCodeInputSchema,
      /** The manager agreed that this edit replaces the way, and so the QR (a type-1 way growing). */
      replaceQr: z.boolean().optional(),
    }),
  ),
  /** Hides the code at once; WeCom's way and the relay policy go when undoUntil (epoch ms) has passed. */
  deleteCode: call<{ deleted: true; undoUntil: number }>()(byId),
  /** 撤销: brings a deleted code back while its undo window lasts. */
  undoDeleteCode: call<Code>()(byId),

  // Code groups (folders of the list; common/code-groups.ts) and each code's QR style
  listCodeGroups: call<CodeGroupList>()(empty),
  createCodeGroup: call<CodeGroup>()(z.strictObject({ name: groupNameSchema })),
  renameCodeGroup: call<CodeGroup>()(z.strictObject({ id: groupId, name: groupNameSchema })),
  /** The group's codes go back to 未分组; `moved` says how many. */
  deleteCodeGroup: call<{ moved: number }>()(z.strictObject({ id: groupId })),
  /** groupId null: 未分组. */
  moveCodesToGroup: call<{ moved: number }>()(
    z.strictObject({
      ids: z.array(codeId).min(1, { error: '请先勾选活码' }).max(1000),
      groupId: groupId.nullable(),
    }),
  ),
  getQrStyle: call<QrStyle>()(byId),
  setQrStyle: call<QrStyle>()(z.strictObject({ id: codeId, style: qrStyleSchema })),
  /** The code's QR in a style not yet saved, for the 样式 dialog's live preview. */
  previewQrStyle: call<{ pngDataUrl: string }>()(z.strictObject({ id: codeId, style: qrStyleSchema })),

  // Statistics and customers
  getCodeStats: call<CodeStats>()(byId),
  /** The delivery funnel: adds → welcome → tags → remark, per code and member, with reasons. */
  getCodeFunnel: call<CodeFunnel>()(byId),
  listCodeCustomers: call<Page<CodeCustomer>>()(
    z.strictObject({
      id: codeId,
      status: relationStatusFilter,
      ...customerFilterSchema.shape,
      ...pageSchema,
    }),
  ),

  // Sync
  runSync: call<SyncStatus>()(empty),
  getSyncStatus: call<SyncStatus>()(empty),

  // Files: QR images, ZIPs, exports. Bytes come back as base64; the renderer offers them as a download.
  getQrFile: call<FileBlob>()(
    z.strictObject({ id: codeId, ...qrOptions, size: z.number().int().min(64).max(2048).default(1024) }),
  ),
  getQrZip: call<FileBlob & { skipped: SkippedCode[] }>()(
    z.strictObject({ ids: z.array(codeId).min(1, { error: '请先勾选活码' }).max(1000), ...qrOptions }),
  ),
  getQrPrintSheet: call<{
    items: { id: number; name: string; pngDataUrl: string }[]
    skipped: SkippedCode[]
  }>()(z.strictObject({ ids: z.array(codeId).min(1, { error: '请先勾选活码' }).max(500) })),
  exportCodes: call<FileBlob>()(
    z.strictObject({
      ...codeFilterSchema.shape,
      ids: z.array(codeId).max(100_000).optional(),
      sort: codeSortSchema.optional(),
      format: exportFormat,
    }),
  ),
  exportCodeCustomers: call<FileBlob>()(
    z.strictObject({
      id: codeId,
      status: relationStatusFilter,
      ...customerFilterSchema.shape,
      format: exportFormat,
    }),
  ),

  // The corp's shared registry (main/registry): who I am, conflicts, the desktops' relay keys
  getIdentity: call<Identity>()(empty),
  setIdentity: call<Identity>()(z.strictObject({ name: z.string().trim().min(1).max(32) })),
  listCodeConflicts: call<CodeConflictView[]>()(empty),
  /** keep 'merged' sends the fields chosen one by one as `code`. Null: the code was deleted elsewhere. */
  resolveCodeConflict: call<{ code: Code | null }>()(
    z.strictObject({
      id: codeId,
      keep: z.enum(['mine', 'theirs', 'merged']),
      code: codeInputSchema.optional(),
    }),
  ),
  listRelayKeys: call<RelayKeysView>()(empty),
  issueRelayKey: call<{ keyId: string; key: string }>()(
    z.strictObject({
      keyId: z.string().regex(/^[a-z0-9-]{1,40}$/, { error: '编号只能用小写字母、数字和 -' }),
      who: z.string().trim().min(1).max(64),
    }),
  ),
  revokeRelayKey: call<{ revoked: true }>()(z.strictObject({ keyId: z.string().regex(/^[a-z0-9-]{1,40}$/) })),
  // Smart routing (the relay applies it; common/routing.ts)
  getCodeRouting: call<{ routing: CodeRouting | null }>()(byId),
  /** null: no 分配规则 (WeCom spreads the code's adds by itself). Pushed with the code's policy. */
  saveCodeRouting: call<{ pushed: boolean }>()(
    z.strictObject({ id: codeId, routing: codeRoutingSchema.nullable() }),
  ),
  listMemberRouting: call<MemberRouting[]>()(empty),
  saveMemberRouting: call<{ pushed: boolean }>()(memberRoutingListSchema),
  /** Adds today vs caps, each routed code's split and 路由告警, the routing log (路由记录). */
  getRoutingReport: call<RoutingReport>()(empty),

  // Sandbox only: drive the simulator through the real flow
  simulateScan: call<SimulationResult>()(
    z.strictObject({ id: codeId, customerName: z.string().trim().max(30).optional() }),
  ),
  simulateDeletion: call<{ done: true }>()(
    z.strictObject({
      id: codeId,
      externalUserid: z.string().min(1).max(128),
      by: z.enum(['customer', 'member']),
    }),
  ),
} satisfies Record<string, CallSpec<z.ZodType, unknown>>

export type Contract = typeof contract
export type CallName = keyof Contract
export const callNames = Object.keys(contract) as CallName[]

/** What the caller may pass (defaults not yet applied). */
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>
/** What a handler receives after validation. */
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>
export type CallOutput<N extends CallName> = NonNullable<Contract[N]['output']>

/** The main-side implementation: one handler per call. */
export type Handlers = {
  [N in CallName]: (input: ParsedInput<N>) => Promise<CallOutput<N>>
}

/** The renderer-side client: one async function per call (failures reject with a BridgeError), and events. */
export type Api = {
  [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>>
} & { subscribe: Subscribe }

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(contract, name)
}

/** What the preload exposes as window.api: each call resolves to its BridgeResult, never throws. */
export type RawApi = {
  [N in CallName]: (input: CallInput<N>) => Promise<BridgeResult<CallOutput<N>>>
}

/** What the preload exposes as window.apiEvents. */
export interface RawEvents {
  subscribe(name: string, listener: (payload: unknown) => void): () => void
}

/** IPC channel of a call: a fixed prefix so main can drop anything else. */
export const IPC_PREFIX = 'api:'

// Events: what main tells the renderer without being asked (VS Code's onDid… style), so screens
// refresh when something changes instead of each polling on its own timer.

function event<P>(): { payload?: P } {
  return {}
}

export const contractEvents = {
  /** Progress, reachability (离线) and pending pushes: every change of the sync status. */
  onDidChangeSyncStatus: event<SyncStatus>(),
  /** A sync finished (the background timer's too): lists and drawers reload their data. */
  onDidFinishSync: event<SyncStatus>(),
} satisfies Record<string, { payload?: unknown }>

export type EventName = keyof typeof contractEvents
export type EventPayload<E extends EventName> = NonNullable<(typeof contractEvents)[E]['payload']>
export const eventNames = Object.keys(contractEvents) as EventName[]

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(contractEvents, name)
}

/** Subscribes to one event; returns the function that unsubscribes. */
export type Subscribe = <E extends EventName>(
  name: E,
  listener: (payload: EventPayload<E>) => void,
) => () => void

/** IPC channel of an event. */
export const EVENT_PREFIX = 'event:'
