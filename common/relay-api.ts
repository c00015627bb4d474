// The relay's desktop API (bearer relay key, one corp per key) as one table, `relayApi`: each route's
// method, path, input schema and output schema. The relay validates every input with it, the
// desktop's client validates every answer with it, and both are loops over it.
//
//   GET    /api/v1/health                        → RelayHealth
//   PUT    /api/v1/settings                      ← RelaySettings          → { ok: true }
//   PUT    /api/v1/policies/:state               ← CodePolicy             → { ok: true }
//   DELETE /api/v1/policies/:state                                        → { ok: true }   (404-free: idempotent)
//   GET    /api/v1/events?after=SEQ&limit=N      → EventsPage             (limit ≤ 1000, default 500)
//   GET    /api/v1/actions?after=ID&limit=N      → ActionsPage
//   GET    /api/v1/callback-config               → CallbackConfig         (what to paste into WeCom)
//   GET    /api/v1/gaps?since=MS                  → RelayGaps              (when the relay was down)
//   GET    /api/v1/registry?after=V&limit=N      → RegistryPage           (the corp's shared codes)
//   PUT    /api/v1/registry/:codeKey             ← RegistryPush           → RegistryAccepted | 409 RegistryConflict
//   GET    /api/v1/me                            → RelayCaller            (which key is calling)
//   GET    /api/v1/keys                          → DesktopKeys            (the corp's desktop keys)
//   PUT    /api/v1/keys/:keyId                   ← { keyId, who }         → IssuedKey   (admin key only)
//   DELETE /api/v1/keys/:keyId                                           → { ok: true } (admin key only)
//   PUT    /api/v1/routing/members               ← { members }            → { ok: true }   (smart routing)
//   GET    /api/v1/routing?after=ID&limit=N      → RoutingReport
//   DELETE /api/v1/routing/departures/:userid                             → { ok: true }
//
// Errors: 4xx/5xx with { error: string (English code), message: string (Chinese) }.

import { z } from 'zod'
import { autoAcceptSchema, welcomeAttachmentSchema, welcomeContentSchema } from './schemas'
import { richWelcomePolicyFields } from './welcome-schemas'
import { isTimeZone } from './zoned-time'
import { codeRoutingSchema, memberRoutingListSchema, routingReportSchema } from './routing'

export const RELAY_API_PREFIX = '/api/v1'
export const CALLBACK_PATH_PREFIX = '/callback/customerEvent/'

export const relaySettingsSchema = z.strictObject({
  // Checked at the door: a zone the relay cannot use would stop its schedule for this corp.
  timeZone: z.string().min(1).max(64).refine(isTimeZone, { error: '不是有效的时区（如 Asia/Shanghai）' }),
  defaultWelcome: welcomeContentSchema,
})
export type RelaySettings = z.output<typeof relaySettingsSchema>

export const codePolicySchema = z.strictObject({
  state: z.string().min(1).max(30),
  configId: z.string().min(1).max(128),
  name: z.string().max(60),
  welcome: z.strictObject({
    mode: z.enum(['own', 'default', 'none']),
    text: z.string().max(8000),
    attachment: welcomeAttachmentSchema.nullable(),
  }),
  tagIds: z.array(z.string().min(1).max(128)).max(200),
  autoAccept: autoAcceptSchema,
  /** Members on the code, for the record: a flip reads the way from WeCom and changes only skip_verify. */
  memberUserids: z.array(z.string().min(1).max(64)).min(1).max(100),
  /**
   * The desktop's edit time for the code: the relay never replaces a policy with an older one.
   * Optional so a desktop from release 0.1.0 can still push (its policies count as version 0).
   */
  version: z.number().int().nonnegative().optional(),
  // Issue 17 (all optional): attachments, messages by time of day, auto remark.
  ...richWelcomePolicyFields,
  /** Smart routing (common/routing.ts); absent: WeCom spreads adds over memberUserids by itself. */
  routing: codeRoutingSchema.optional(),
})
export type CodePolicy = z.output<typeof codePolicySchema>

const nonNegativeInt = z.coerce.number().int().nonnegative()
const cursorQuery = z.strictObject({
  after: nonNegativeInt.default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
})

/**
 * `kinds=all` asks for every job kind. Without it the relay lists only the kinds of release 0.1
 * (welcome, tags, skip_verify): desktops of that release validate `kind` against those and would
 * reject a page holding a remark job, stopping their sync.
 */
const actionsQuery = z.strictObject({ ...cursorQuery.shape, kinds: z.literal('all').optional() })
export const FIRST_RELEASE_ACTION_KINDS = ['welcome', 'tags', 'skip_verify'] as const

export const relayHealthSchema = z.object({
  ok: z.boolean(),
  corpId: z.string(),
  version: z.string(),
  callbackUrlPath: z.string(),
  /** Whether the relay could get an access_token with its configured secret just now. */
  wecomOk: z.boolean(),
  wecomMessage: z.string(),
  lastEventAt: z.number().nullable(),
  policies: z.number().int(),
  /**
   * The relay's clock minus WeCom's, in seconds, from the last callback's signed timestamp (null
   * before any): a relay whose clock is off flips auto-accept at the wrong time. Optional: a 0.1.0
   * relay does not send it.
   */
  clockSkewSeconds: z.number().int().nullable().optional(),
  /** The relay's clock (epoch ms) when it answered, to compare with the desktop's. */
  serverTime: z.number().optional(),
  /** What the relay could not do for this corp lately (its schedule, its store), newest first. */
  problems: z.array(z.string()).optional(),
})
export type RelayHealth = z.output<typeof relayHealthSchema>

/** Change types WeCom sends today; others appear over time and are stored, not acted on. */
export type RelayEventChange =
  | 'add_external_contact'
  | 'add_half_external_contact'
  | 'edit_external_contact'
  | 'del_external_contact'
  | 'del_follow_user'
  | 'transfer_fail'
  | (string & {})

export const relayEventSchema = z.object({
  /** Monotonic per relay; the desktop's cursor. */
  seq: z.number().int(),
  event: z.string(),
  changeType: z.string(),
  userid: z.string(),
  externalUserid: z.string(),
  state: z.string(),
  /** WeCom's CreateTime, epoch seconds. */
  createTime: z.number(),
  receivedAt: z.number(),
  source: z.string(),
})
export type RelayEvent = z.output<typeof relayEventSchema>

export const eventsPageSchema = z.object({
  events: z.array(relayEventSchema),
  nextCursor: z.number().int(),
  hasMore: z.boolean(),
})
export type EventsPage = z.output<typeof eventsPageSchema>

export const actionKinds = ['welcome', 'tags', 'skip_verify', 'remark'] as const
export type ActionKind = (typeof actionKinds)[number]
export const actionStatuses = ['pending', 'done', 'failed', 'dead', 'skipped'] as const
export type ActionStatus = (typeof actionStatuses)[number]

export const actionOutcomeSchema = z.object({
  id: z.number().int(),
  eventSeq: z.number().int().nullable(),
  kind: z.enum(actionKinds),
  state: z.string(),
  userid: z.string(),
  externalUserid: z.string(),
  status: z.enum(actionStatuses),
  attempts: z.number().int(),
  errcode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  updatedAt: z.number(),
  /** What a done job did beyond its kind (which timed message, a name left out…), Chinese; optional. */
  detail: z.string().nullable().optional(),
})
export type ActionOutcome = z.output<typeof actionOutcomeSchema>

export const actionsPageSchema = z.object({
  actions: z.array(actionOutcomeSchema),
  nextCursor: z.number().int(),
  hasMore: z.boolean(),
})
export type ActionsPage = z.output<typeof actionsPageSchema>

/**
 * The values the relay verifies WeCom's callbacks with (its config file is their one source): the
 * setup screen shows exactly these beside the callback URL, so the WeCom console's URL check passes.
 */
export const callbackConfigSchema = z.object({
  corpId: z.string(),
  callbackUrlPath: z.string(),
  token: z.string(),
  encodingAesKey: z.string(),
})
export type CallbackConfig = z.output<typeof callbackConfigSchema>

/** Outages of the relay (epoch ms): customers who deleted a member then may be missing for good. */
export const relayGapsSchema = z.object({
  /** When this relay first ran; nothing before it was ever received. */
  firstStartedAt: z.number().nullable(),
  gaps: z.array(z.object({ from: z.number(), to: z.number() })),
})
export type RelayGaps = z.output<typeof relayGapsSchema>

// The corp's code registry (relay/registry): one record per code, shared by every desktop of the corp.
// A record is a JSON document validated loosely: the fields the list and the drawer show are checked,
// and fields a newer desktop adds (groups, routing, …) ride along untouched instead of being refused.

/** The code's key in the registry: its state, or for an imported code without one, `w.` + config_id. */
export const registryKeySchema = z.string().regex(/^[A-Za-z0-9._-]{1,140}$/)

export const registryRecordSchema = z.looseObject({
  name: z.string().max(60),
  /** Who made the code (the manager's display name; 导入 for a way imported from WeCom). */
  creator: z.string().max(64),
  state: z.string().max(30),
  configId: z.string().min(1).max(128),
  qrUrl: z.string().max(2000),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  origin: z.enum(['app', 'imported']),
  memberUserids: z.array(z.string().min(1).max(64)).max(100),
  tagIds: z.array(z.string().min(1).max(128)).max(200),
  welcome: z.looseObject({ mode: z.string() }),
  autoAccept: z.looseObject({ mode: z.string() }),
})
export type RegistryRecord = z.output<typeof registryRecordSchema>

export const registryAuthorSchema = z.object({ keyId: z.string(), who: z.string() })
export type RegistryAuthor = z.output<typeof registryAuthorSchema>

export const registryEntrySchema = z.object({
  codeKey: z.string(),
  /** The corp's registry cursor at this record's last change: monotonic per corp, never reused. */
  version: z.number().int().positive(),
  deleted: z.boolean(),
  /** The record as last written (a tombstone keeps the last one, so "deleted elsewhere" can name it). */
  record: registryRecordSchema,
  changedBy: registryAuthorSchema,
  changedAt: z.number(),
})
export type RegistryEntry = z.output<typeof registryEntrySchema>

export const registryPageSchema = z.object({
  entries: z.array(registryEntrySchema),
  nextCursor: z.number().int(),
  hasMore: z.boolean(),
})
export type RegistryPage = z.output<typeof registryPageSchema>

export const registryPushSchema = z.strictObject({
  codeKey: registryKeySchema,
  /** The version the edit started from; 0 for a new code. Anything else than the current one is a 409. */
  baseVersion: z.number().int().nonnegative(),
  /** The new record; null deletes the code (a tombstone). */
  record: registryRecordSchema.nullable(),
})
export type RegistryPush = z.output<typeof registryPushSchema>

export const registryAcceptedSchema = z.object({
  ok: z.literal(true),
  version: z.number().int(),
  changedAt: z.number(),
})

/** The body of a 409: the record as it stands now (null: the relay has none under this key). */
export const registryConflictSchema = z.object({
  error: z.literal('conflict'),
  message: z.string(),
  current: registryEntrySchema.nullable(),
})
export type RegistryConflict = z.output<typeof registryConflictSchema>

export const relayCallerSchema = z.object({ keyId: z.string(), who: z.string(), admin: z.boolean() })
export type RelayCaller = z.output<typeof relayCallerSchema>

export const desktopKeySchema = z.object({
  keyId: z.string(),
  who: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
})
export type DesktopKey = z.output<typeof desktopKeySchema>
export const desktopKeysSchema = z.object({ keys: z.array(desktopKeySchema) })
export const keyIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/)
export const issuedKeySchema = z.object({ keyId: z.string(), key: z.string() })
export type IssuedKey = z.output<typeof issuedKeySchema>

// Answers are read leniently (unknown fields are dropped, not refused), so a desktop keeps working
// with a newer relay that tells it more; what the relay accepts stays strict.
const okSchema = z.object({ ok: z.literal(true) })
const empty = z.strictObject({})

/**
 * One route of the desktop API. `input` is the call's one argument: its fields named in `path` fill
 * the path; for GET and DELETE the rest is the query string, for PUT the whole input is the body.
 */
interface RelayRoute<I extends z.ZodType, O extends z.ZodType> {
  method: 'GET' | 'PUT' | 'DELETE'
  path: string
  input: I
  output: O
}

const route = <I extends z.ZodType, O extends z.ZodType>(r: RelayRoute<I, O>) => r

/** The desktop API, the one table both sides are loops over (relay/desktop-api.ts, main/relay-client). */
export const relayApi = {
  health: route({ method: 'GET', path: '/health', input: empty, output: relayHealthSchema }),
  putSettings: route({ method: 'PUT', path: '/settings', input: relaySettingsSchema, output: okSchema }),
  /** The state in the path must be the policy's own. */
  putPolicy: route({ method: 'PUT', path: '/policies/:state', input: codePolicySchema, output: okSchema }),
  /** Idempotent: deleting an unknown state succeeds. */
  deletePolicy: route({
    method: 'DELETE',
    path: '/policies/:state',
    input: z.strictObject({ state: z.string().min(1).max(64) }),
    output: okSchema,
  }),
  events: route({ method: 'GET', path: '/events', input: cursorQuery, output: eventsPageSchema }),
  actions: route({ method: 'GET', path: '/actions', input: actionsQuery, output: actionsPageSchema }),
  callbackConfig: route({
    method: 'GET',
    path: '/callback-config',
    input: empty,
    output: callbackConfigSchema,
  }),
  gaps: route({
    method: 'GET',
    path: '/gaps',
    input: z.strictObject({ since: nonNegativeInt.default(0) }),
    output: relayGapsSchema,
  }),
  registry: route({ method: 'GET', path: '/registry', input: cursorQuery, output: registryPageSchema }),
  /** The codeKey in the path must be the push's own. A moved version is a 409 (RegistryConflict). */
  pushRegistry: route({
    method: 'PUT',
    path: '/registry/:codeKey',
    input: registryPushSchema,
    output: registryAcceptedSchema,
  }),
  me: route({ method: 'GET', path: '/me', input: empty, output: relayCallerSchema }),
  keys: route({ method: 'GET', path: '/keys', input: empty, output: desktopKeysSchema }),
  issueKey: route({
    method: 'PUT',
    path: '/keys/:keyId',
    input: z.strictObject({ keyId: keyIdSchema, who: z.string().trim().min(1).max(64) }),
    output: issuedKeySchema,
  }),
  revokeKey: route({
    method: 'DELETE',
    path: '/keys/:keyId',
    input: z.strictObject({ keyId: keyIdSchema }),
    output: okSchema,
  }),
  /** Every member's schedule and shared daily cap (设置 › 成员), replacing what the relay held. */
  putMemberRouting: route({
    method: 'PUT',
    path: '/routing/members',
    input: memberRoutingListSchema,
    output: okSchema,
  }),
  /** Adds today vs caps, each routed code's members and split, and the routing log after a cursor. */
  routing: route({ method: 'GET', path: '/routing', input: cursorQuery, output: routingReportSchema }),
  /** A member who left and came back is put on codes again only when the manager says so. */
  reinstateMember: route({
    method: 'DELETE',
    path: '/routing/departures/:userid',
    input: z.strictObject({ userid: z.string().min(1).max(64) }),
    output: okSchema,
  }),
} satisfies Record<string, RelayRoute<z.ZodType, z.ZodType>>

export type RelayApi = typeof relayApi
export type RelayRouteName = keyof RelayApi
export const relayRouteNames = Object.keys(relayApi) as RelayRouteName[]
export type RelayInput<N extends RelayRouteName> = z.input<RelayApi[N]['input']>
export type RelayParsedInput<N extends RelayRouteName> = z.output<RelayApi[N]['input']>
export type RelayOutput<N extends RelayRouteName> = z.output<RelayApi[N]['output']>

/** The path of a route with its parameters filled in (each URI-encoded). */
export function relayPath(template: string, input: Record<string, unknown>): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(input[name] ?? '')))
}

/** The parameters of `pathname` if it matches `template` ('/policies/:state'), else null. */
export function matchRelayPath(template: string, pathname: string): Record<string, string> | null {
  const names: string[] = []
  const pattern = template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    names.push(name)
    return '([^/]+)'
  })
  const found = new RegExp(`^${pattern}$`).exec(pathname)
  if (!found) return null
  const params: Record<string, string> = {}
  try {
    names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1]!)))
  } catch {
    return null
  }
  return params
}
