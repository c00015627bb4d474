// The control surface over HTTP for the standalone simulator: POST /sandbox/control/<method> with the
// method's arguments as a JSON object. Answers 200 with the result ({ok: true} for actions), 400 with
// {error} for bad arguments or a refused action, 404 for an unknown method.

import { z } from 'zod'
import { ApiError } from './corp'
import type { SandboxControl } from './types'

const userid = z.string().min(1)
const externalUserid = z.string().min(1)

type Method = (control: SandboxControl, args: unknown) => unknown

/** One entry per method: a schema for its arguments and the call. */
function method<S extends z.ZodType>(schema: S, run: (c: SandboxControl, a: z.infer<S>) => unknown): Method {
  return (control, args) => run(control, schema.parse(args ?? {}))
}

const ok = { ok: true }
const none = z.object({}).loose()

const METHODS: Record<string, Method> = {
  scan: method(
    z.object({
      state: z.string().optional(),
      configId: z.string().optional(),
      customerName: z.string().optional(),
      userid: z.string().optional(),
      externalUserid: z.string().optional(),
    }),
    (c, { state, configId, ...opts }) =>
      c.scan(
        { ...(state ? { state } : {}), ...(configId ? { configId } : {}) },
        {
          ...(opts.customerName ? { customerName: opts.customerName } : {}),
          ...(opts.userid ? { userid: opts.userid } : {}),
          ...(opts.externalUserid ? { externalUserid: opts.externalUserid } : {}),
        },
      ),
  ),
  acceptPending: method(z.object({ userid, externalUserid }), async (c, a) => {
    await c.acceptPending(a.userid, a.externalUserid)
    return ok
  }),
  customerDeletesMember: method(z.object({ userid, externalUserid }), async (c, a) => {
    await c.customerDeletesMember(a.externalUserid, a.userid)
    return ok
  }),
  memberDeletesCustomer: method(
    z.object({ userid, externalUserid, source: z.string().optional() }),
    async (c, a) => {
      await c.memberDeletesCustomer(a.userid, a.externalUserid, a.source ? { source: a.source } : {})
      return ok
    },
  ),
  setMemberAdminWelcome: method(z.object({ userid, on: z.boolean() }), (c, a) => {
    c.setMemberAdminWelcome(a.userid, a.on)
    return ok
  }),
  setMemberHalfAdd: method(z.object({ userid, on: z.boolean() }), (c, a) => {
    c.setMemberHalfAdd(a.userid, a.on)
    return ok
  }),
  confirmHalfAdd: method(z.object({ userid, externalUserid }), async (c, a) => {
    await c.confirmHalfAdd(a.userid, a.externalUserid)
    return ok
  }),
  setMemberOtherAppWelcome: method(z.object({ userid, on: z.boolean() }), (c, a) => {
    c.setMemberOtherAppWelcome(a.userid, a.on)
    return ok
  }),
  setMemberUnlicensed: method(z.object({ userid, on: z.boolean() }), (c, a) => {
    c.setMemberUnlicensed(a.userid, a.on)
    return ok
  }),
  memberLeaves: method(z.object({ userid }), (c, a) => {
    c.memberLeaves(a.userid)
    return ok
  }),
  settleTransfers: method(none, async (c) => ({ settled: await c.settleTransfers() })),
  failTransfer: method(
    z.object({ externalUserid, reason: z.enum(['customer_refused', 'customer_limit_exceed']) }),
    async (c, a) => {
      await c.failTransfer(a.externalUserid, a.reason)
      return ok
    },
  ),
  sendMessage: method(z.object({ values: z.record(z.string(), z.unknown()) }), (c, a) =>
    c.sendMessage(a.values as Parameters<SandboxControl['sendMessage']>[0]),
  ),
  injectFault: method(
    z.object({
      path: z.string().startsWith('/cgi-bin/'),
      errcode: z.number().int(),
      afterEffect: z.boolean().optional(),
      times: z.number().int().min(1).optional(),
    }),
    (c, a) => {
      c.injectFault({
        path: a.path,
        errcode: a.errcode,
        ...(a.afterEffect !== undefined ? { afterEffect: a.afterEffect } : {}),
        ...(a.times !== undefined ? { times: a.times } : {}),
      })
      return ok
    },
  ),
  setCallbackUrl: method(z.object({ url: z.string().nullable().optional() }), (c, a) => {
    c.setCallbackUrl(a.url || null)
    return ok
  }),
  setLatency: method(z.object({ ms: z.number().min(0) }), (c, a) => {
    c.setLatency(a.ms)
    return ok
  }),
  setPathLatency: method(
    z.object({ path: z.string().startsWith('/cgi-bin/'), ms: z.number().min(0) }),
    (c, a) => {
      c.setPathLatency(a.path, a.ms)
      return ok
    },
  ),
  expireTokens: method(none, (c) => {
    c.expireTokens()
    return ok
  }),
  seedRelations: method(
    z.object({
      members: z.number().int().min(0),
      perMember: z.number().int().min(0),
      state: z.string().optional(),
    }),
    (c, a) => c.seedRelations(a),
  ),
  contactWay: method(z.object({ configId: z.string() }), (c, a) => ({
    contactWay: c.contactWay(a.configId) ?? null,
  })),
  sentWelcomes: method(none, (c) => c.sentWelcomes),
  markedTags: method(none, (c) => c.markedTags),
  calls: method(none, (c) => c.calls),
  callbacks: method(none, (c) => c.callbacks),
  pending: method(none, (c) => c.pending),
  transfers: method(none, (c) => c.transfers),
  remarks: method(none, (c) => c.remarks),
  wayUpdates: method(none, (c) => c.wayUpdates),
  setMemberCanFollow: method(z.object({ userid, on: z.boolean() }), (c, a) => {
    c.setMemberCanFollow(a.userid, a.on)
    return ok
  }),
  /** Everything a bench or script reads, in one call. */
  state: method(none, (c) => ({
    sentWelcomes: c.sentWelcomes,
    markedTags: c.markedTags,
    calls: c.calls,
    callbacks: c.callbacks,
    pending: c.pending,
    transfers: c.transfers,
    remarks: c.remarks,
  })),
}

export async function controlCall(
  control: SandboxControl,
  name: string,
  raw: Buffer,
): Promise<{ status: number; body: unknown }> {
  const run = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined
  if (!run) return { status: 404, body: { error: `unknown control method ${name}` } }
  try {
    const args: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {}
    return { status: 200, body: await run(control, args) }
  } catch (error) {
    const message =
      error instanceof z.ZodError
        ? `bad arguments for ${name}: ${z.prettifyError(error)}`
        : error instanceof Error
          ? error.message
          : String(error)
    return {
      status: 400,
      body: { error: message, ...(error instanceof ApiError ? { errcode: error.errcode } : {}) },
    }
  }
}
