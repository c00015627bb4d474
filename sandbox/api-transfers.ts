// The simulated handovers: 在职继承 (transfer_customer, handover still employed) and 离职继承
// (resigned/transfer_customer, handover left), and transfer_result. A request waits out WeCom's
// 24-hour window (the control's settleTransfers completes it): the handover member then gets
// del_external_contact with Source=DELETE_BY_TRANSFER and the takeover member the relation, with no
// add event; or it fails with transfer_fail.

import { ApiError, type SimCorp } from './corp'
import { str, strs, type Handler } from './api-request'

/** transfer_result's status: 1 接替完毕, 2 等待接替, 3 客户拒绝, 4 接替成员客户达到上限. */
const RESULT = { done: 1, waiting: 2, refused: 3, limit: 4 } as const

function request(corp: SimCorp, kind: 'onjob' | 'resigned', body: Record<string, unknown>) {
  const handover = str(body.handover_userid)
  const takeover = str(body.takeover_userid)
  const customers = strs(body.external_userid)
  if (customers.length === 0 || customers.length > 100)
    throw new ApiError(40058, 'external_userid size must be 1..100')
  const from = corp.member(handover)
  if (!from) throw new ApiError(60111, `userid not found: ${handover}`)
  // 在职继承 needs the handover still in the company, 离职继承 one who has left.
  if (kind === 'onjob' && from.status === 5) throw new ApiError(40097, 'handover user has resigned')
  if (kind === 'resigned' && from.status !== 5) throw new ApiError(40097, 'handover user has not resigned')
  const to = corp.requireMember(takeover)
  if (!to.canFollow) throw new ApiError(84074, `user has no customer contact permission: ${takeover}`)
  return {
    customer: customers.map((external_userid) => {
      const relation = corp.index.get(handover, external_userid)
      if (!relation || !relation.confirmed) return { external_userid, errcode: 84061 }
      if (corp.data.transfers.some((t) => t.external_userid === external_userid && t.status === 'waiting'))
        return { external_userid, errcode: 40129 }
      corp.data.transfers.push({
        kind,
        handover_userid: handover,
        takeover_userid: takeover,
        external_userid,
        requested_at: corp.now,
        status: 'waiting',
        takeover_time: 0,
      })
      corp.changed()
      return { external_userid, errcode: 0 }
    }),
  }
}

export const transferApi: Record<string, Handler> = {
  '/cgi-bin/externalcontact/transfer_customer': (corp, req) => request(corp, 'onjob', req.body),
  '/cgi-bin/externalcontact/resigned/transfer_customer': (corp, req) => request(corp, 'resigned', req.body),
  '/cgi-bin/externalcontact/transfer_result': (corp, req) => {
    const handover = str(req.body.handover_userid)
    const takeover = str(req.body.takeover_userid)
    return {
      customer: corp.data.transfers
        .filter((t) => t.handover_userid === handover && t.takeover_userid === takeover)
        .map((t) => ({
          external_userid: t.external_userid,
          status: RESULT[t.status],
          takeover_time: t.takeover_time,
        })),
      next_cursor: '',
    }
  },
}
