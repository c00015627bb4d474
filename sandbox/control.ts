// The control surface: what a customer or a member does in the WeCom clients, simulated. Each action
// changes the corp data and posts the callback WeCom would post, resolving once it was delivered (so
// a test can await the scan and then look at what its receiver got). Strict where WeCom is: a
// half-add is no relation until the member confirms, a re-scan by a current friend sends nothing, a
// transfer settles after its window with a DELETE_BY_TRANSFER on the handover side and no add event
// on the takeover side.

import { eventXml, type CallbackEvent } from '../wecom/callback-xml'
import { messageXml, postCallback, type XmlValue } from './callbacks'
import { ApiError, type SimCorp } from './corp'
import { randomCustomerName, randomId, type SimCustomer, type SimRelation, type SimWay } from './model'
import type { SandboxCallback, SandboxControl, ScanResult } from './types'

export type DisposableControl = SandboxControl & { dispose(): void }

/** Adds WeCom assigns by a transfer (add_way 202: 管理员/负责人分配). */
export const ADD_WAY_TRANSFER = 202

export function createControl(corp: SimCorp): DisposableControl {
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, run: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      run().catch(() => {})
    }, ms)
    timers.add(timer)
  }

  async function deliver(
    message: string,
    record: Omit<SandboxCallback, 'status' | 'attempts' | 'at'>,
  ): Promise<SandboxCallback> {
    const url = corp.options.callbackUrl
    const identity = {
      corpId: corp.data.corpId,
      token: corp.options.token,
      encodingAesKey: corp.options.encodingAesKey,
    }
    const { status, attempts } = url
      ? await postCallback(url, identity, message, corp.options.callbackTimeoutMs)
      : { status: 0, attempts: 0 }
    const delivered: SandboxCallback = { ...record, status, attempts, at: corp.now }
    if (url) corp.callbacks.push(delivered)
    return delivered
  }

  async function send(event: Omit<CallbackEvent, 'createTime'>) {
    const createTime = Math.floor(corp.now / 1000)
    await deliver(eventXml(corp.data.corpId, { ...event, createTime }), {
      msgType: 'event',
      event: 'change_external_contact',
      changeType: event.changeType,
      userid: event.userid,
      externalUserid: event.externalUserid,
      ...(event.state !== undefined ? { state: event.state } : {}),
      ...(event.welcomeCode ? { welcomeCode: event.welcomeCode } : {}),
    })
  }

  function findWay(ref: { state?: string | undefined; configId?: string | undefined }): SimWay {
    const way = ref.configId
      ? corp.data.ways.find((w) => w.config_id === ref.configId)
      : ref.state
        ? corp.data.ways.find((w) => w.state === ref.state)
        : undefined
    if (!way)
      throw new ApiError(41044, `no contact way for ${ref.configId ?? ref.state ?? '(nothing given)'}`)
    return way
  }

  /** Round-robin over the way's members who can take customers, so a multi-person code spreads scans. */
  function routeScan(way: SimWay, asked: string | undefined): string {
    const candidates = corp.wayMembers(way.user, way.party).filter((u) => {
      const m = corp.member(u)
      return m !== undefined && m.canFollow && m.status === 1
    })
    if (asked) {
      if (!candidates.includes(asked)) throw new Error(`member ${asked} is not on this code`)
      return asked
    }
    if (candidates.length === 0) throw new Error('no member on this code can take customers')
    const i = corp.data.rr[way.config_id] ?? 0
    corp.data.rr[way.config_id] = i + 1
    return candidates[i % candidates.length]!
  }

  /** The same WeChat user scanning again is a re-add: found by id, or by name when a name is given. */
  function customerFor(opts: { customerName?: string | undefined; externalUserid?: string | undefined }) {
    const existing = opts.externalUserid
      ? corp.customerIndex().get(opts.externalUserid)
      : opts.customerName
        ? corp.data.customers.find((c) => c.name === opts.customerName)
        : undefined
    if (existing) return existing
    const customer: SimCustomer = {
      external_userid: opts.externalUserid ?? randomId('wm', 30),
      name: opts.customerName ?? randomCustomerName(),
      avatar: '',
      type: 1,
      gender: 0,
    }
    corp.data.customers.push(customer)
    return customer
  }

  function putRelation(relation: SimRelation) {
    const existing = corp.index.get(relation.userid, relation.external_userid)
    if (existing) Object.assign(existing, relation)
    else corp.index.add(relation)
  }

  /**
   * The add happens. With the member's half-add switch on, it is a half-add: the customer can chat,
   * but until the member confirms it is no relation (84061, not listed) and only
   * add_half_external_contact goes out, with the welcome code. Otherwise a plain add_external_contact.
   */
  async function completeAdd(userid: string, externalUserid: string, state: string, half: boolean) {
    const member = corp.requireMember(userid)
    putRelation({
      userid,
      external_userid: externalUserid,
      createtime: Math.floor(corp.now / 1000),
      state,
      remark: '',
      description: '',
      tag_id: [],
      customerDeleted: false,
      confirmed: !half,
      add_way: 1,
      oper_userid: externalUserid,
    })
    corp.changed()
    const welcomeCode = member.adminWelcome ? undefined : corp.issueWelcomeCode(userid, externalUserid)
    const withCode = welcomeCode ? { welcomeCode } : {}
    const changeType = half ? 'add_half_external_contact' : 'add_external_contact'
    await send({ changeType, userid, externalUserid, state, ...withCode })
    const confirmAfter = corp.options.halfAddConfirmAfterMs
    if (half && confirmAfter !== null) later(confirmAfter, () => confirmHalfAdd(userid, externalUserid))
    return welcomeCode ?? null
  }

  async function confirmHalfAdd(userid: string, externalUserid: string) {
    const relation = corp.index.get(userid, externalUserid)
    if (!relation || relation.confirmed) return
    relation.confirmed = true
    corp.changed()
    // The full add carries no welcome code: the half event's was the one to use.
    await send({ changeType: 'add_external_contact', userid, externalUserid, state: relation.state })
  }

  async function acceptPending(userid: string, externalUserid: string) {
    const i = corp.data.pending.findIndex((p) => p.userid === userid && p.external_userid === externalUserid)
    if (i === -1) throw new Error(`no pending request from ${externalUserid} to ${userid}`)
    const [pending] = corp.data.pending.splice(i, 1)
    // The member confirmed the request: a plain add, whatever the half-add switch says (that switch is
    // about 免验证 adds the member has not yet confirmed).
    await completeAdd(userid, externalUserid, pending!.state, false)
  }

  /** Settles one waiting transfer: the takeover member gets the relation, the handover loses it. */
  async function settle(index: number) {
    const t = corp.data.transfers[index]!
    const from = corp.index.get(t.handover_userid, t.external_userid)
    t.status = 'done'
    t.takeover_time = Math.floor(corp.now / 1000)
    corp.index.remove(t.handover_userid, t.external_userid)
    putRelation({
      userid: t.takeover_userid,
      external_userid: t.external_userid,
      createtime: t.takeover_time,
      // Whether the takeover keeps the code's state is not documented: a switch.
      state: corp.options.keepStateOnTransfer ? (from?.state ?? '') : '',
      remark: from?.remark ?? '',
      description: from?.description ?? '',
      tag_id: [...(from?.tag_id ?? [])],
      customerDeleted: false,
      confirmed: true,
      add_way: ADD_WAY_TRANSFER,
      oper_userid: t.handover_userid,
    })
    corp.changed()
    // The handover side hears DELETE_BY_TRANSFER; the takeover side hears nothing.
    await send({
      changeType: 'del_external_contact',
      userid: t.handover_userid,
      externalUserid: t.external_userid,
      source: 'DELETE_BY_TRANSFER',
    })
  }

  // Transfers requested through the API settle once their window has passed, as WeCom's do.
  const settleTimer = setInterval(
    () => void control.settleTransfers(),
    Math.max(50, Math.min(60_000, corp.options.transferDelayMs / 4)),
  )
  settleTimer.unref()

  const control: DisposableControl = {
    async scan(ref, opts = {}) {
      const way = findWay(ref)
      const userid = routeScan(way, opts.userid)
      const customer = customerFor(opts)
      const result: ScanResult = {
        externalUserid: customer.external_userid,
        customerName: customer.name,
        userid,
        pending: !way.skip_verify,
        welcomeCode: null,
        alreadyFriend: false,
        half: false,
      }
      // A current friend scanning again only opens the chat: no add, no event, no welcome code.
      const current = corp.index.get(userid, customer.external_userid)
      if (current && current.confirmed && !current.customerDeleted) {
        return { ...result, pending: false, alreadyFriend: true }
      }
      if (way.skip_verify) {
        const half = corp.requireMember(userid).halfAdd
        result.half = half
        result.welcomeCode = await completeAdd(userid, customer.external_userid, way.state, half)
        return result
      }
      const already = corp.data.pending.some(
        (p) => p.userid === userid && p.external_userid === customer.external_userid,
      )
      if (!already) {
        corp.data.pending.push({
          userid,
          external_userid: customer.external_userid,
          state: way.state,
          since: corp.now,
        })
      }
      corp.changed()
      const after = corp.options.autoAcceptPendingAfterMs
      // The request may have been accepted by hand meanwhile; nothing to do then.
      if (after !== null && !already) later(after, () => acceptPending(userid, customer.external_userid))
      return result
    },

    acceptPending,
    confirmHalfAdd,

    async customerDeletesMember(externalUserid, userid) {
      const r = corp.index.get(userid, externalUserid)
      if (!r) throw new ApiError(84061, 'not external contact')
      // One-way: the customer stays in the member's list (WECOM.md); only the callback tells.
      r.customerDeleted = true
      corp.changed()
      await send({ changeType: 'del_follow_user', userid, externalUserid })
    },

    async memberDeletesCustomer(userid, externalUserid, opts = {}) {
      if (!corp.index.get(userid, externalUserid)) throw new ApiError(84061, 'not external contact')
      corp.index.remove(userid, externalUserid)
      corp.changed()
      await send({ changeType: 'del_external_contact', userid, externalUserid, source: opts.source ?? '' })
    },

    async settleTransfers() {
      let settled = 0
      for (const [i, t] of corp.data.transfers.entries()) {
        if (t.status !== 'waiting' || corp.now < t.requested_at + corp.options.transferDelayMs) continue
        await settle(i)
        settled += 1
      }
      return settled
    },

    async failTransfer(externalUserid, reason) {
      const t = corp.data.transfers.find(
        (x) => x.external_userid === externalUserid && x.status === 'waiting',
      )
      if (!t) throw new Error(`no waiting transfer of ${externalUserid}`)
      t.status = reason === 'customer_refused' ? 'refused' : 'limit'
      corp.changed()
      // The customer stays with the handover member; the takeover member hears transfer_fail.
      await send({
        changeType: 'transfer_fail',
        userid: t.takeover_userid,
        externalUserid,
        source: reason,
      })
    },

    async sendMessage(values: Record<string, XmlValue>) {
      const text = (v: XmlValue | undefined) => (typeof v === 'string' ? v : '')
      return deliver(messageXml(corp.data.corpId, values), {
        msgType: text(values.MsgType),
        event: text(values.Event),
        changeType: text(values.ChangeType),
        userid: text(values.UserID) || text(values.FromUserName),
        externalUserid: text(values.ExternalUserID),
      })
    },

    injectFault(fault) {
      corp.faults.push({
        path: fault.path,
        errcode: fault.errcode,
        afterEffect: fault.afterEffect ?? false,
        left: fault.times ?? 1,
      })
    },

    setMemberAdminWelcome(userid, on) {
      corp.requireMember(userid).adminWelcome = on
      corp.changed()
    },
    setMemberHalfAdd(userid, on) {
      corp.requireMember(userid).halfAdd = on
      corp.changed()
    },
    setMemberOtherAppWelcome(userid, on) {
      corp.requireMember(userid).otherAppWelcome = on
      corp.changed()
    },
    setMemberUnlicensed(userid, on) {
      corp.requireMember(userid).unlicensed = on
      corp.changed()
    },
    memberLeaves(userid) {
      const member = corp.requireMember(userid)
      member.status = 5
      member.canFollow = false
      corp.changed()
    },
    setMemberCanFollow(userid, on) {
      corp.requireMember(userid).canFollow = on
      corp.changed()
    },
    setCallbackUrl(url) {
      corp.options.callbackUrl = url
    },
    setLatency(ms) {
      corp.options.latencyMs = Math.max(0, ms)
    },
    setPathLatency(path, ms) {
      if (ms > 0) corp.pathLatencyMs.set(path, ms)
      else corp.pathLatencyMs.delete(path)
    },
    expireTokens() {
      corp.expireTokens()
    },

    seedRelations({ members, perMember, state = '' }) {
      const t = Math.floor(corp.now / 1000)
      const userids: string[] = []
      // Straight pushes, no per-relation callbacks: built for a 100k-relation benchmark.
      for (let m = 0; m < members; m++) {
        const userid = `bench${String(m).padStart(4, '0')}`
        if (!corp.member(userid)) {
          corp.data.members.push({
            userid,
            name: `压测员工${m}`,
            department: [1],
            status: 1,
            canFollow: true,
            adminWelcome: false,
            halfAdd: false,
            otherAppWelcome: false,
            unlicensed: false,
          })
        }
        userids.push(userid)
        for (let c = 0; c < perMember; c++) {
          const external_userid = `wmb${m}x${c}${randomId('', 8)}`
          corp.data.customers.push({ external_userid, name: `客户${m}-${c}`, avatar: '', type: 1, gender: 0 })
          corp.index.add({
            userid,
            external_userid,
            createtime: t - c,
            state,
            remark: '',
            description: '',
            tag_id: [],
            customerDeleted: false,
            confirmed: true,
            add_way: 1,
            oper_userid: external_userid,
          })
        }
      }
      corp.changed()
      return { userids }
    },

    get sentWelcomes() {
      return corp.sentWelcomes
    },
    get markedTags() {
      return corp.markedTags
    },
    get remarks() {
      return corp.remarks
    },
    get calls() {
      return corp.calls
    },
    get callbacks() {
      return corp.callbacks
    },
    get pending() {
      return corp.data.pending.map((p) => ({
        userid: p.userid,
        externalUserid: p.external_userid,
        state: p.state,
        since: p.since,
      }))
    },
    get transfers() {
      return corp.data.transfers.map((t) => ({
        kind: t.kind,
        handoverUserid: t.handover_userid,
        takeoverUserid: t.takeover_userid,
        externalUserid: t.external_userid,
        status: t.status,
      }))
    },
    get wayUpdates() {
      return corp.wayUpdates
    },
    contactWay(configId) {
      const w = corp.data.ways.find((x) => x.config_id === configId)
      return w
        ? {
            type: w.type,
            skip_verify: w.skip_verify,
            state: w.state,
            user: [...w.user],
            party: [...w.party],
            remark: w.remark,
            qr_code: w.qr_code,
          }
        : undefined
    },
    dispose() {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      clearInterval(settleTimer)
    },
  }
  return control
}
