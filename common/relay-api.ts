// The relay's desktop API (bearer relay key, one corp per key): the shapes both the relay and the
// desktop's relay client use, with schemas the relay validates pushed policies against.
//
//   GET    /api/v1/health                        → RelayHealth
//   PUT    /api/v1/settings                      ← RelaySettings          → { ok: true }
//   PUT    /api/v1/policies/:state               ← CodePolicy             → { ok: true }
//   DELETE /api/v1/policies/:state                                        → { ok: true }   (404-free: idempotent)
//   GET    /api/v1/events?after=SEQ&limit=N      → EventsPage             (limit ≤ 1000, default 500)
//   GET    /api/v1/actions?after=ID&limit=N      → ActionsPage
//   GET    /api/v1/callback-config               → CallbackConfig         (what to paste into WeCom)
//   GET    /api/v1/gaps?since=MS                  → RelayGaps              (when the relay was down)
//
// Errors: 4xx/5xx with { error: string (English code), message: string (Chinese) }.

import { z } from 'zod'
import { autoAcceptSchema, welcomeAttachmentSchema, welcomeContentSchema } from './schemas'

export const RELAY_API_PREFIX = '/api/v1'
export const CALLBACK_PATH_PREFIX = '/callback/customerEvent/'

export const relaySettingsSchema = z.strictObject({
  timeZone: z.string().min(1).max(64),
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
  /** Members on the code: the skip_verify flip must resend the full way (update_contact_way overwrites). */
  memberUserids: z.array(z.string().min(1).max(64)).min(1).max(100),
})
export type CodePolicy = z.output<typeof codePolicySchema>

export interface RelayHealth {
  ok: boolean
  corpId: string
  version: string
  callbackUrlPath: string
  /** Whether the relay could get an access_token with its configured secret just now. */
  wecomOk: boolean
  wecomMessage: string
  lastEventAt: number | null
  policies: number
}

export type RelayEventChange =
  | 'add_external_contact'
  | 'add_half_external_contact'
  | 'edit_external_contact'
  | 'del_external_contact'
  | 'del_follow_user'
  | 'transfer_fail'
  | string

export interface RelayEvent {
  /** Monotonic per relay; the desktop's cursor. */
  seq: number
  event: string
  changeType: RelayEventChange
  userid: string
  externalUserid: string
  state: string
  /** WeCom's CreateTime, epoch seconds. */
  createTime: number
  receivedAt: number
  source: string
}

export interface EventsPage {
  events: RelayEvent[]
  nextCursor: number
  hasMore: boolean
}

export type ActionKind = 'welcome' | 'tags' | 'skip_verify'
export type ActionStatus = 'pending' | 'done' | 'failed' | 'dead' | 'skipped'

export interface ActionOutcome {
  id: number
  eventSeq: number | null
  kind: ActionKind
  state: string
  userid: string
  externalUserid: string
  status: ActionStatus
  attempts: number
  errcode: number | null
  lastError: string | null
  updatedAt: number
}

export interface ActionsPage {
  actions: ActionOutcome[]
  nextCursor: number
  hasMore: boolean
}

/**
 * The values the relay verifies WeCom's callbacks with (its config file is their one source): the
 * setup screen shows exactly these beside the callback URL, so the WeCom console's URL check passes.
 */
export interface CallbackConfig {
  corpId: string
  callbackUrlPath: string
  token: string
  encodingAesKey: string
}

/** Outages of the relay (epoch ms): customers who deleted a member then may be missing for good. */
export interface RelayGaps {
  /** When this relay first ran; nothing before it was ever received. */
  firstStartedAt: number | null
  gaps: { from: number; to: number }[]
}
