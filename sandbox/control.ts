// The control surface: what a customer or a member does in the WeCom clients, simulated. Each action
// changes the corp data and posts the callback WeCom would post, resolving once it was delivered (so
// a test can await the scan and then look at what its receiver got).

import type { CallbackEvent } from '../wecom/callback-xml'
import { postCallback } from './callbacks'
import { ApiError, type SimCorp } from './corp'
import { randomCustomerName, randomId, type SimCustomer, type SimWay } from './model'
import type { SandboxControl, ScanResult } from './types'

export type DisposableControl = SandboxControl & { dispose(): void }

export function createControl(corp: SimCorp): DisposableControl {
  const timers = new Set<NodeJS.Timeout>()

  async function send(event: Omit<CallbackEvent, 'createTime'>) {
    const url = corp.options.callbackUrl
    if (!url) return
    const identity = {
      corpId: corp.data.corpId,
      token: corp.options.token,
      encodingAesKey: corp.options.encodingAesKey,
    }
    const createTime = Math.floor(corp.now / 1000)
    const { status, attempts } = await postCallback(
      url,
      identity,
      { ...event, createTime },
      corp.options.callbackTimeoutMs,
    )
    corp.callbacks.push({
      changeType: event.changeType,
      userid: event.userid,
      externalUserid: event.externalUserid,
      ...(event.state !== undefined ? { state: event.state } : {}),
      ...(event.welcomeCode ? { welcomeCode: event.welcomeCode } : {}),
      status,
      attempts,
      at: corp.now,
    })
  }

  function findWay(ref: { state?: string; configId?: string }): SimWay {
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
  function customerFor(opts: { customerName?: string; externalUserid?: string }): SimCustomer {
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

  /**
   * The relation is made (or made again) and the add events go out. One WelcomeCode per add: on the
   * half event when there is one (the full event then carries none), absent with an admin welcome.
   */
  async function completeAdd(userid: string, externalUserid: string, state: string, halfFirst: boolean) {
    const member = corp.requireMember(userid)
    const createtime = Math.floor(corp.now / 1000)
    const existing = corp.index.get(userid, externalUserid)
    if (existing) {
      existing.customerDeleted = false
      existing.createtime = createtime
      existing.state = state
    } else {
      corp.index.add({
        userid,
        external_userid: externalUserid,
        createtime,
        state,
        remark: '',
        tag_id: [],
        customerDeleted: false,
      })
    }
    corp.changed()
    const welcomeCode = member.adminWelcome ? undefined : corp.issueWelcomeCode(userid, externalUserid)
    const withCode = welcomeCode ? { welcomeCode } : {}
    if (halfFirst) {
      await send({ changeType: 'add_half_external_contact', userid, externalUserid, state, ...withCode })
      await send({ changeType: 'add_external_contact', userid, externalUserid, state })
    } else {
      await send({ changeType: 'add_external_contact', userid, externalUserid, state, ...withCode })
    }
    return welcomeCode ?? null
  }

  async function acceptPending(userid: string, externalUserid: string) {
    const i = corp.data.pending.findIndex((p) => p.userid === userid && p.external_userid === externalUserid)
    if (i === -1) throw new Error(`no pending request from ${externalUserid} to ${userid}`)
    const [pending] = corp.data.pending.splice(i, 1)
    // The member confirmed the request: a plain add, whatever the half-add switch says (that switch is
    // about 免验证 adds the member has not yet confirmed).
    await completeAdd(userid, externalUserid, pending!.state, false)
  }

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
      }
      if (way.skip_verify) {
        const halfFirst = corp.requireMember(userid).halfAdd
        result.welcomeCode = await completeAdd(userid, customer.external_userid, way.state, halfFirst)
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
      if (after !== null && !already) {
        const timer = setTimeout(() => {
          timers.delete(timer)
          // The request may have been accepted by hand meanwhile; nothing to do then.
          acceptPending(userid, customer.external_userid).catch(() => {})
        }, after)
        timers.add(timer)
      }
      return result
    },

    acceptPending,

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

    setMemberAdminWelcome(userid, on) {
      corp.requireMember(userid).adminWelcome = on
      corp.changed()
    },
    setMemberHalfAdd(userid, on) {
      corp.requireMember(userid).halfAdd = on
      corp.changed()
    },
    setCallbackUrl(url) {
      corp.options.callbackUrl = url
    },
    setLatency(ms) {
      corp.options.latencyMs = Math.max(0, ms)
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
            tag_id: [],
            customerDeleted: false,
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
    contactWay(configId) {
      const w = corp.data.ways.find((x) => x.config_id === configId)
      return w
        ? { skip_verify: w.skip_verify, state: w.state, user: [...w.user], remark: w.remark }
        : undefined
    },
    dispose() {
      for (const t of timers) clearTimeout(t)
      timers.clear()
    },
  }
  return control
}
