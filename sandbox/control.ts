// The control surface: what a customer or a member does in the WeCom clients, simulated. Each action
// changes the corp data and posts the callback WeCom would post, resolving once it was delivered.

import { postCallback, type CallbackEvent } from './callbacks'
import { ApiError, type SimCorp } from './corp'
import { randomCustomerName, randomId, type SimWay } from './model'
import type { SandboxControl, ScanResult } from './types'

export function createControl(corp: SimCorp): SandboxControl {
  const timers = new Set<NodeJS.Timeout>()

  async function send(event: Omit<CallbackEvent, 'createTime'>) {
    const url = corp.options.callbackUrl
    if (!url) return
    const status = await postCallback(
      url,
      { corpId: corp.data.corpId, token: corp.options.token, encodingAesKey: corp.options.encodingAesKey },
      { ...event, createTime: Math.floor(corp.now / 1000) },
    )
    corp.callbacks.push({ changeType: event.changeType, status, at: corp.now })
  }

  function findWay(ref: { state?: string; configId?: string }): SimWay {
    const way = ref.configId
      ? corp.data.ways.find((w) => w.config_id === ref.configId)
      : corp.data.ways.find((w) => w.state === ref.state)
    if (!way) throw new ApiError(41044, `no contact way for ${ref.configId ?? ref.state}`)
    return way
  }

  /** The relation is made (or made again) and the add events go out. */
  async function completeAdd(userid: string, externalUserid: string, state: string) {
    const member = corp.requireMember(userid)
    const existing = corp.index.get(userid, externalUserid)
    if (existing) {
      existing.customerDeleted = false
      existing.createtime = Math.floor(corp.now / 1000)
      existing.state = state
    } else {
      corp.index.add({
        userid,
        external_userid: externalUserid,
        createtime: Math.floor(corp.now / 1000),
        state,
        remark: '',
        tag_id: [],
        customerDeleted: false,
      })
    }
    corp.changed()
    // A member with an admin-set welcome message gets no WelcomeCode (WECOM.md).
    const welcomeCode = member.adminWelcome ? undefined : corp.issueWelcomeCode(userid, externalUserid)
    if (member.halfAdd) {
      await send({
        changeType: 'add_half_external_contact',
        userid,
        externalUserid,
        state,
        ...(welcomeCode ? { welcomeCode } : {}),
      })
      await send({ changeType: 'add_external_contact', userid, externalUserid, state })
    } else {
      await send({
        changeType: 'add_external_contact',
        userid,
        externalUserid,
        state,
        ...(welcomeCode ? { welcomeCode } : {}),
      })
    }
    return welcomeCode ?? null
  }

  const control: SandboxControl = {
    async scan(ref, opts = {}) {
      const way = findWay(ref)
      let userid = opts.userid
      if (!userid) {
        const i = corp.data.rr[way.config_id] ?? 0
        userid = way.user[i % way.user.length]!
        corp.data.rr[way.config_id] = i + 1
      }
      let customer = opts.externalUserid
        ? corp.data.customers.find((c) => c.external_userid === opts.externalUserid)
        : opts.customerName
          ? corp.data.customers.find((c) => c.name === opts.customerName)
          : undefined
      if (!customer) {
        customer = {
          external_userid: opts.externalUserid ?? randomId('wm', 30),
          name: opts.customerName ?? randomCustomerName(),
          avatar: '',
          type: 1,
          gender: 0,
        }
        corp.data.customers.push(customer)
      }
      const result: ScanResult = {
        externalUserid: customer.external_userid,
        customerName: customer.name,
        userid,
        pending: !way.skip_verify,
        welcomeCode: null,
      }
      if (!way.skip_verify) {
        corp.data.pending.push({
          userid,
          external_userid: customer.external_userid,
          state: way.state,
          since: corp.now,
        })
        corp.changed()
        const after = corp.options.autoAcceptPendingAfterMs
        if (after !== null) {
          const timer = setTimeout(() => {
            timers.delete(timer)
            void control.acceptPending(userid, result.externalUserid).catch(() => {})
          }, after)
          timers.add(timer)
        }
        return result
      }
      result.welcomeCode = await completeAdd(userid, customer.external_userid, way.state)
      return result
    },
    async acceptPending(userid, externalUserid) {
      const i = corp.data.pending.findIndex(
        (p) => p.userid === userid && p.external_userid === externalUserid,
      )
      if (i === -1) throw new ApiError(84061, 'no pending request')
      const [pending] = corp.data.pending.splice(i, 1)
      await completeAdd(userid, externalUserid, pending!.state)
    },
    async customerDeletesMember(externalUserid, userid) {
      const r = corp.index.get(userid, externalUserid)
      if (!r) throw new ApiError(84061, 'not external contact')
      // One-way: the customer stays in the member's list (WECOM.md); only the callback tells.
      r.customerDeleted = true
      corp.changed()
      await send({ changeType: 'del_follow_user', userid, externalUserid })
    },
    async memberDeletesCustomer(userid, externalUserid) {
      if (!corp.index.get(userid, externalUserid)) throw new ApiError(84061, 'not external contact')
      corp.index.remove(userid, externalUserid)
      corp.changed()
      await send({ changeType: 'del_external_contact', userid, externalUserid, source: '' })
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
      corp.options.latencyMs = ms
    },
    expireTokens() {
      corp.expireTokens()
    },
    seedRelations({ members, perMember, state = '' }) {
      const t = Math.floor(corp.now / 1000)
      const userids: string[] = []
      for (let m = 0; m < members; m++) {
        const userid = `bench${String(m).padStart(4, '0')}`
        if (!corp.member(userid)) {
          corp.data.members.push({
            userid,
            name: `压测员工${m}`,
            department: [2],
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
    contactWay(configId) {
      const w = corp.data.ways.find((x) => x.config_id === configId)
      return w
        ? { skip_verify: w.skip_verify, state: w.state, user: [...w.user], remark: w.remark }
        : undefined
    },
  }
  Object.defineProperty(control, 'dispose', {
    value: () => {
      for (const t of timers) clearTimeout(t)
      timers.clear()
    },
  })
  return control
}
