// The setup screen's 检查连接: each item checked on its own and explained in plain Chinese, so the
// manager sees exactly which part (secret, permission, relay, relay's corp) needs fixing.

import type { CheckItem, CheckResult } from '../../common/domain'
import { CALLBACK_PATH_PREFIX, type CallbackConfig, type RelayHealth } from '../../common/relay-api'
import { createRelayClient } from '../relay-client'
import { createWeComClient } from '../../wecom'
import { verifyCallbackUrl } from './url-check'

export interface CheckInput {
  apiBase: string
  corpId: string
  secret: string | null
  relayUrl: string
  relayKey: string | null
  /** Told the relay's callback Token and EncodingAESKey, so the setup screen shows exactly those. */
  onCallbackConfig?: (config: CallbackConfig) => void
  /** Told whether each side answered: a check is a call like any other for the 离线 state. */
  report?: (part: 'wecom' | 'relay', reachable: boolean) => void
}

export async function runChecks(input: CheckInput): Promise<CheckResult> {
  const items: CheckItem[] = []

  if (!input.secret) {
    items.push({ key: 'token', label: '企业ID 与 Secret', ok: false, message: '尚未填写 Secret' })
  } else {
    items.push(...(await wecomItems({ ...input, secret: input.secret })))
  }

  if (!input.relayUrl || !input.relayKey) {
    items.push({ key: 'relay', label: '中转服务', ok: false, message: '尚未填写中转服务地址和密钥' })
  } else {
    const relay = createRelayClient({
      baseUrl: input.relayUrl,
      apiKey: input.relayKey,
      timeoutMs: 8000,
      ...(input.report ? { onReachability: (ok: boolean) => input.report?.('relay', ok) } : {}),
    })
    try {
      const health = await relay.health({})
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
      const clock = clockItem(health, Date.now())
      if (clock) items.push(clock)
      const problems = problemsItem(health)
      if (problems) items.push(problems)
      if (sameCorp) items.push(await callbackItem(relay, input))
    } catch (error) {
      items.push({ key: 'relay', label: '中转服务', ok: false, message: (error as Error).message })
    }
  }
  return { ok: items.every((i) => i.ok), items }
}

/** Two steps, so a refused secret and a missing customer-contact permission read differently. */
async function wecomItems(input: CheckInput & { secret: string }): Promise<CheckItem[]> {
  const client = createWeComClient({
    apiBase: input.apiBase,
    corpId: input.corpId,
    secret: input.secret,
    maxRetries: 0,
    timeoutMs: 8000,
    ...(input.report ? { onReachability: (ok: boolean) => input.report?.('wecom', ok) } : {}),
  })
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

/** The relay's own Token and EncodingAESKey, then WeCom's URL check against the public callback URL. */
async function callbackItem(
  relay: ReturnType<typeof createRelayClient>,
  input: CheckInput,
): Promise<CheckItem> {
  const label = '回调地址校验'
  let config: CallbackConfig
  try {
    config = await relay.callbackConfig({})
  } catch (error) {
    return { key: 'callbackUrl', label, ok: false, message: (error as Error).message }
  }
  input.onCallbackConfig?.(config)
  const callbackUrl = `${input.relayUrl}${CALLBACK_PATH_PREFIX}${input.corpId}`
  const result = await verifyCallbackUrl({
    callbackUrl,
    corpId: input.corpId,
    token: config.token,
    encodingAesKey: config.encodingAesKey,
  })
  return result.ok
    ? {
        key: 'callbackUrl',
        label,
        ok: true,
        message: `已按企业微信的方式校验 ${callbackUrl}（${result.ms} 毫秒）：页面上的 Token 和 EncodingAESKey 与中转服务一致`,
      }
    : { key: 'callbackUrl', label, ok: false, message: result.message }
}

/** Drift beyond this skews the auto-accept timetable by more than a minute: worth fixing. */
const CLOCK_TOLERANCE_S = 60

/**
 * The relay server's clock, against WeCom's (measured from the last callback's signed timestamp) or,
 * before any callback, against this computer's. Off clocks no longer lose events — the relay takes
 * every verified callback — but they flip auto-accept at the wrong time.
 */
/**
 * What the relay could not do for this corp lately (a time zone it cannot use stops the auto-accept
 * schedule, say): only the relay knows, and nothing else on the screen would show it.
 */
export function problemsItem(health: RelayHealth): CheckItem | null {
  if (!health.problems) return null // a relay from before it reported them
  const label = '中转服务的后台任务'
  return health.problems.length === 0
    ? { key: 'relayProblems', label, ok: true, message: '自动通过时间表等后台任务运行正常' }
    : { key: 'relayProblems', label, ok: false, message: `中转服务报告：${health.problems.join('；')}` }
}

export function clockItem(health: RelayHealth, desktopNow: number): CheckItem | null {
  const label = '中转服务器时钟'
  const fix = '请在服务器上开启时间同步（如 systemd-timesyncd 或 chrony），否则定时自动通过会在错误的时间切换'
  if (typeof health.clockSkewSeconds === 'number') {
    const off = health.clockSkewSeconds
    return Math.abs(off) <= CLOCK_TOLERANCE_S
      ? { key: 'relayClock', label, ok: true, message: `与企业微信的时间一致（相差 ${Math.abs(off)} 秒）` }
      : {
          key: 'relayClock',
          label,
          ok: false,
          message: `中转服务器的时钟比企业微信${off > 0 ? '快' : '慢'} ${Math.abs(off)} 秒：${fix}`,
        }
  }
  if (typeof health.serverTime !== 'number') return null
  const off = Math.round((health.serverTime - desktopNow) / 1000)
  return Math.abs(off) <= 2 * CLOCK_TOLERANCE_S
    ? {
        key: 'relayClock',
        label,
        ok: true,
        message: '与本机时间一致（收到企业微信回调后会再和企业微信的时间比对）',
      }
    : {
        key: 'relayClock',
        label,
        ok: false,
        message: `中转服务器的时钟与本机相差 ${Math.abs(off)} 秒（请确认两边哪个不准）：${fix}`,
      }
}
