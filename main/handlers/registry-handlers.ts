// The shared registry's calls: who I am (the creator of what this desktop makes), the conflict
// screen's data and its three answers, and the corp's desktop keys (issued by the admin's desktop).

import { AppError } from '../../common/bridge-result'
import type { Handlers } from '../../common/contract'
import type { CodeConflictView, Identity } from '../../common/registry-view'
import { inputOf } from '../registry/record'
import { REGISTRY_KEYS } from '../registry/repo'
import { authorOf } from '../registry/sync'
import type { HandlerEnv } from './types'

type RegistryCalls =
  | 'getIdentity'
  | 'setIdentity'
  | 'listCodeConflicts'
  | 'resolveCodeConflict'
  | 'listRelayKeys'
  | 'issueRelayKey'
  | 'revokeRelayKey'

/** The sandbox's demo managers, to switch between and watch the registry at work. */
export const SANDBOX_MANAGERS = ['沙盒管理员', '张经理', '李主管']

export function registryHandlers(env: HandlerEnv): Pick<Handlers, RegistryCalls> {
  const identity = (): Identity => {
    const ctx = env.ctx()
    const stored = ctx.db.syncState.get(REGISTRY_KEYS.me)
    const members = ctx.db.members.list().map((m) => m.name)
    return {
      name: stored ?? env.creator(),
      chosen: stored !== null,
      suggestions: ctx.sandbox ? [...SANDBOX_MANAGERS, ...members] : members,
    }
  }
  const relay = () => {
    const r = env.ctx().relay
    if (!r) throw new AppError('NOT_CONFIGURED', '尚未配置中转服务：请在 设置 中填写中转服务地址和密钥')
    return r
  }
  return {
    async getIdentity() {
      return identity()
    },
    async setIdentity({ name }) {
      env.ctx().db.syncState.set(REGISTRY_KEYS.me, name)
      return identity()
    },
    async listCodeConflicts() {
      return env
        .ctx()
        .codes.conflicts()
        .map(({ id, name, conflict }): CodeConflictView => ({
          id,
          name,
          mine: { fields: inputOf(conflict.mine), by: identity().name, at: conflict.mine.updatedAt },
          theirs: {
            fields: inputOf(conflict.theirs.record),
            by: authorOf(conflict.theirs),
            at: conflict.theirs.changedAt,
            deleted: conflict.theirs.deleted,
            version: conflict.theirs.version,
          },
        }))
    },
    async resolveCodeConflict({ id, keep, code }) {
      if (keep === 'merged' && !code) throw new AppError('VALIDATION', '合并时请为每一项选择保留的版本')
      return {
        code: await env
          .ctx()
          .codes.resolveConflict(id, keep === 'merged' ? { keep, input: code! } : { keep }),
      }
    },
    async listRelayKeys() {
      const r = relay()
      const [me, { keys }] = await Promise.all([r.me({}), r.keys({})])
      return { me, keys }
    },
    async issueRelayKey(input) {
      return relay().issueKey(input)
    },
    async revokeRelayKey({ keyId }) {
      await relay().revokeKey({ keyId })
      return { revoked: true as const }
    },
  }
}
