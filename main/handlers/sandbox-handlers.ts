// Sandbox-only calls: let a simulated customer scan a code or delete a contact, through the real
// flow (simulator → encrypted callback → relay → welcome and tags), then sync so the counts move.

import { AppError } from '../../common/bridge-result'
import type { Handlers } from '../../common/contract'
import type { WorkspaceContext } from '../workspace/context'
import type { HandlerEnv } from './types'

type SandboxCalls = 'simulateScan' | 'simulateDeletion'

function sandboxOf(ctx: WorkspaceContext) {
  if (!ctx.sandbox) throw new AppError('NOT_SANDBOX', '模拟操作只在沙盒工作区可用')
  return ctx.sandbox
}

export function sandboxHandlers(env: HandlerEnv): Pick<Handlers, SandboxCalls> {
  return {
    async simulateScan({ id, customerName }) {
      const ctx = env.ctx()
      const runtime = sandboxOf(ctx)
      const code = ctx.codes.get(id)
      const scan = await runtime.scan(code.configId, customerName)
      return {
        externalUserid: scan.externalUserid,
        customerName: scan.customerName,
        memberUserid: scan.userid,
        pending: scan.pending,
      }
    },
    async simulateDeletion({ id, externalUserid, by }) {
      const ctx = env.ctx()
      const runtime = sandboxOf(ctx)
      const relation = ctx.db.relations
        .listCustomers(id, 'current', 1, 1_000_000)
        .items.find((c) => c.externalUserid === externalUserid)
      if (!relation) throw new AppError('NOT_FOUND', '该客户已是流失客户，或不属于这个活码')
      if (by === 'customer') await runtime.customerDeletesMember(externalUserid, relation.memberUserid)
      else await runtime.memberDeletesCustomer(relation.memberUserid, externalUserid)
      return { done: true as const }
    },
  }
}
