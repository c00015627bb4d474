// The setup screen's 检查连接: each item checked on its own and explained in plain Chinese, so the
// manager sees exactly which part (secret, permission, relay, relay's corp) needs fixing.

import type { CheckItem, CheckResult } from '../../common/domain'
import { createRelayClient } from '../relay-client'
import { createWeComClient } from '../wecom'

export interface CheckInput {
  apiBase: string
  corpId: string
  secret: string | null
  relayUrl: string
  relayKey: string | null
}

export async function runChecks(input: CheckInput): Promise<CheckResult> {
  const items: CheckItem[] = []

  if (!input.secret) {
    items.push({ key: 'token', label: '企业ID 与 Secret', ok: false, message: '尚未填写 Secret' })
  } else {
    items.push(...(await wecomItems(input.apiBase, input.corpId, input.secret)))
  }

  if (!input.relayUrl || !input.relayKey) {
    items.push({ key: 'relay', label: '中转服务', ok: false, message: '尚未填写中转服务地址和密钥' })
  } else {
    const relay = createRelayClient({ baseUrl: input.relayUrl, apiKey: input.relayKey, timeoutMs: 8000 })
    try {
      const health = await relay.health()
      items.push({ key: 'relay', label: '中转服务', ok: true, message: `已连接（版本 ${health.version}）` })
      const sameCorp = health.corpId === input.corpId
      items.push({
        key: 'relayCorp',
        label: '中转服务的企业配置',
        ok: sameCorp && health.wecomOk,
        message: !sameCorp
          ? `中转服务的这把密钥属于企业 ${health.corpId}，不是 ${input.corpId}`
          : health.wecomOk
            ? `回调地址 ${health.callbackUrlPath} 已就绪，中转服务可调用企业微信`
            : `中转服务无法调用企业微信：${health.wecomMessage}`,
      })
    } catch (error) {
      items.push({ key: 'relay', label: '中转服务', ok: false, message: (error as Error).message })
    }
  }
  return { ok: items.every((i) => i.ok), items }
}

/** Two steps, so a refused secret and a missing customer-contact permission read differently. */
async function wecomItems(apiBase: string, corpId: string, secret: string): Promise<CheckItem[]> {
  const client = createWeComClient({ apiBase, corpId, secret, maxRetries: 0, timeoutMs: 8000 })
  try {
    await client.getToken(true)
  } catch (error) {
    return [{ key: 'token', label: '企业ID 与 Secret', ok: false, message: (error as Error).message }]
  }
  const token: CheckItem = { key: 'token', label: '企业ID 与 Secret', ok: true, message: '凭证有效' }
  try {
    const followers = await client.getFollowUserList()
    const ok = followers.length > 0
    return [
      token,
      {
        key: 'followUsers',
        label: '客户联系权限',
        ok,
        message: ok
          ? `可使用客户联系的成员 ${followers.length} 人`
          : '没有成员开通客户联系：请在 客户联系 › 权限配置 中为销售开通',
      },
    ]
  } catch (error) {
    return [
      token,
      { key: 'followUsers', label: '客户联系权限', ok: false, message: (error as Error).message },
    ]
  }
}
