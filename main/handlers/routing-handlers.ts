// Smart routing on the desktop: a code's 分配规则 (saved beside the code and pushed with its policy),
// the members' schedules and shared caps (设置 › 成员, pushed to the relay as one list), and the
// relay's routing report for the 路由记录 tab and the list's 路由告警 flag. The relay applies the
// rules with every desktop closed; the desktop only says what they are and shows what happened.

import type { Handlers } from '../../common/contract'
import { AppError } from '../../common/bridge-result'
import { tryPush } from '../codes/relay-push'
import { routingRepo } from '../db/repos/routing'
import { isRelayError } from '../relay-client/errors'
import type { HandlerEnv } from './types'

type RoutingCalls =
  'getCodeRouting' | 'saveCodeRouting' | 'listMemberRouting' | 'saveMemberRouting' | 'getRoutingReport'

const NO_RELAY = '尚未连接中转服务：智能分配由中转服务执行，请先在 设置 中填写中转服务地址和密钥'

export function routingHandlers(env: HandlerEnv): Pick<Handlers, RoutingCalls> {
  return {
    async getCodeRouting({ id }) {
      return { routing: routingRepo(env.ctx().db.sqlite).code(id)?.routing ?? null }
    },

    async saveCodeRouting({ id, routing }) {
      const ctx = env.ctx()
      const code = ctx.db.codes.get(id)
      if (!code) throw new AppError('NOT_FOUND', '活码不存在或已删除')
      if (routing) {
        const onCode = new Set(code.memberUserids)
        const stray = routing.members.find((m) => !onCode.has(m.userid))
        if (stray) throw new AppError('VALIDATION', `分配规则里的 ${stray.userid} 不是这个活码的使用人员`)
      }
      const repo = routingRepo(ctx.db.sqlite)
      repo.setCode(id, routing, Date.now())
      // The rules are part of the policy: pending until the relay confirms them, retried by sync.
      ctx.db.codes.setRelayState(id, 'pending', code.updatedAt)
      const after = await tryPush(ctx.db.codes.get(id) ?? code, {
        codes: ctx.db.codes,
        relay: () => ctx.relay,
        routingOf: (codeId) => repo.code(codeId),
      })
      return { pushed: after.relayState === 'synced' }
    },

    async listMemberRouting() {
      return routingRepo(env.ctx().db.sqlite).members()
    },

    async saveMemberRouting({ members }) {
      const ctx = env.ctx()
      routingRepo(ctx.db.sqlite).setMembers(members, Date.now())
      if (!ctx.relay) return { pushed: false }
      try {
        await ctx.relay.putMemberRouting({ members })
        return { pushed: true }
      } catch (error) {
        if (isRelayError(error)) return { pushed: false }
        throw error
      }
    },

    async getRoutingReport() {
      const relay = env.ctx().relay
      if (!relay) throw new AppError('NOT_CONFIGURED', NO_RELAY)
      try {
        return await relay.routing({ after: 0, limit: 500 })
      } catch (error) {
        if (isRelayError(error)) throw new AppError('RELAY', `读取路由记录失败：${error.message}`)
        throw error
      }
    },
  }
}
