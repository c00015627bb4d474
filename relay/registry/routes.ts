// The desktop API's registry and key routes (common/relay-api.ts), given the calling key. A moved
// version is answered 409 with the record as it stands, so the desktop can show both side by side.

import type { RelayOutput, RelayParsedInput } from '../../common/relay-api'
import type { KeyHolder, KeyStorage, RegistryStorage } from '../storage'
import { ADMIN_KEY_ID } from './keys'

/** A handler's refusal with its own status and body (the API answers it as given). */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error))
  }
}

const refuse = (status: number, error: string, message: string) => new ApiRefusal(status, { error, message })

type Handler<N extends RegistryRouteName> = (
  corpId: string,
  input: RelayParsedInput<N>,
  caller: KeyHolder,
) => Promise<RelayOutput<N>>
type RegistryRouteName = 'registry' | 'pushRegistry' | 'me' | 'keys' | 'issueKey' | 'revokeKey'

export function registryRoutes(
  registry: RegistryStorage,
  keys: KeyStorage,
  now: () => number,
): { [N in RegistryRouteName]: Handler<N> } {
  const adminOnly = (caller: KeyHolder) => {
    if (caller.keyId !== ADMIN_KEY_ID)
      throw refuse(403, 'forbidden', '只有企业管理员的密钥（中转服务配置中的 apiKey）能发放或吊销密钥')
  }
  return {
    registry: async (corpId, { after, limit }) => {
      const entries = await registry.since(corpId, after, limit + 1)
      const page = entries.slice(0, limit)
      return { entries: page, nextCursor: page.at(-1)?.version ?? after, hasMore: entries.length > limit }
    },
    pushRegistry: async (corpId, push, caller) => {
      const outcome = await registry.push(
        corpId,
        push.codeKey,
        push.baseVersion,
        push.record,
        { keyId: caller.keyId, who: caller.who },
        now(),
      )
      if (outcome.ok) return { ok: true as const, version: outcome.version, changedAt: outcome.changedAt }
      const message = outcome.current?.deleted
        ? `这个活码已被${outcome.current.changedBy.who}删除`
        : outcome.current
          ? `这个活码已被${outcome.current.changedBy.who}修改（版本 ${outcome.current.version}）`
          : '中转服务上没有这个活码'
      throw new ApiRefusal(409, { error: 'conflict', message, current: outcome.current })
    },
    me: async (_corpId, _input, caller) => ({
      keyId: caller.keyId,
      who: caller.who,
      admin: caller.keyId === ADMIN_KEY_ID,
    }),
    keys: async (corpId) => ({ keys: await keys.list(corpId) }),
    issueKey: async (corpId, { keyId, who }, caller) => {
      adminOnly(caller)
      const issued = await keys.issue(corpId, keyId, who)
      if (!issued) throw refuse(409, 'key_exists', `密钥编号 ${keyId} 已在使用，请换一个编号或先吊销它`)
      return issued
    },
    revokeKey: async (corpId, { keyId }, caller) => {
      adminOnly(caller)
      if (!(await keys.revoke(corpId, keyId))) throw refuse(404, 'not_found', `没有未吊销的密钥 ${keyId}`)
      return { ok: true as const }
    },
  }
}
