// The bridge contract: the one list of calls the renderer can make. The preload, main/ipc.ts, the HTTP
// host and the renderer client are each a loop over this table, so a call added here is type-checked
// everywhere and validated (strict zod) wherever it is received.

import { z } from 'zod'
import type { BridgeResult } from './bridge-result'
import type {
  AppInfo,
  CheckResult,
  Code,
  CodeCustomer,
  CodeStats,
  CodeSummary,
  Department,
  FileBlob,
  Member,
  Page,
  SimulationResult,
  SyncStatus,
  TagGroup,
  Workspace,
} from './domain'
import {
  codeFilterSchema,
  codeId,
  codeInputSchema,
  connectCorpSchema,
  exportFormat,
  pageSchema,
  relationStatusFilter,
  welcomeContentSchema,
} from './schemas'

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
  useSandbox: call<Workspace>()(empty),
  setDefaultWelcome: call<Workspace>()(z.strictObject({ welcome: welcomeContentSchema })),

  // Members and tags
  listMembers: call<{ members: Member[]; departments: Department[] }>()(empty),
  setMemberEnabled: call<Member>()(
    z.strictObject({ userid: z.string().min(1).max(64), enabled: z.boolean() }),
  ),
  listTagGroups: call<TagGroup[]>()(empty),

  // Codes
  listCodes: call<Page<CodeSummary>>()(z.strictObject({ ...codeFilterSchema.shape, ...pageSchema })),
  listCreators: call<string[]>()(empty),
  getCode: call<Code>()(byId),
  createCode: call<Code>()(codeInputSchema),
  updateCode: call<Code>()(z.strictObject({ id: codeId, code: codeInputSchema })),
  deleteCode: call<{ deleted: true }>()(byId),

  // Statistics and customers
  getCodeStats: call<CodeStats>()(byId),
  listCodeCustomers: call<Page<CodeCustomer>>()(
    z.strictObject({ id: codeId, status: relationStatusFilter, ...pageSchema }),
  ),

  // Sync
  runSync: call<SyncStatus>()(empty),
  getSyncStatus: call<SyncStatus>()(empty),

  // Files: QR images, ZIPs, exports. Bytes come back as base64; the renderer offers them as a download.
  getQrFile: call<FileBlob>()(
    z.strictObject({ id: codeId, ...qrOptions, size: z.number().int().min(64).max(2048).default(1024) }),
  ),
  getQrZip: call<FileBlob>()(
    z.strictObject({ ids: z.array(codeId).min(1, { error: '请先勾选活码' }).max(1000), ...qrOptions }),
  ),
  getQrPrintSheet: call<{ items: { id: number; name: string; pngDataUrl: string }[] }>()(
    z.strictObject({ ids: z.array(codeId).min(1, { error: '请先勾选活码' }).max(500) }),
  ),
  exportCodes: call<FileBlob>()(
    z.strictObject({
      ...codeFilterSchema.shape,
      ids: z.array(codeId).max(100_000).optional(),
      format: exportFormat,
    }),
  ),
  exportCodeCustomers: call<FileBlob>()(
    z.strictObject({ id: codeId, status: relationStatusFilter, format: exportFormat }),
  ),

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

/** The renderer-side client: one async function per call; failures reject with a BridgeError. */
export type Api = {
  [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>>
}

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(contract, name)
}

/** What the preload exposes as window.api: each call resolves to its BridgeResult, never throws. */
export type RawApi = {
  [N in CallName]: (input: CallInput<N>) => Promise<BridgeResult<CallOutput<N>>>
}

/** IPC channel of a call: a fixed prefix so main can drop anything else. */
export const IPC_PREFIX = 'api:'
