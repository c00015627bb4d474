// 检查连接's last step does what the WeCom console does when the admin saves the callback URL: a GET
// with a signed, encrypted echostr that the relay must decrypt and echo back as plain text within
// 1 s. It passes only when the URL, the Token and the EncodingAESKey the setup screen shows are the
// ones the relay verifies with — so pasting them into WeCom will pass WeCom's check too.

import axios from 'axios'
import { randomBytes } from 'node:crypto'
import { sealEchostr } from '../../wecom/callback-crypto'

export interface UrlCheckInput {
  callbackUrl: string
  corpId: string
  token: string
  encodingAesKey: string
  timeoutMs?: number
}

export type UrlCheckResult = { ok: true; ms: number } | { ok: false; message: string }

export async function verifyCallbackUrl(input: UrlCheckInput): Promise<UrlCheckResult> {
  const plain = randomBytes(12).toString('hex')
  const params = sealEchostr(input, plain)
  const started = Date.now()
  let status: number
  let body: string
  try {
    const res = await axios.get<string>(input.callbackUrl, {
      adapter: 'http',
      params,
      responseType: 'text',
      transformResponse: (v: unknown) => v,
      timeout: input.timeoutMs ?? 5000,
      validateStatus: () => true,
      proxy: false,
    })
    status = res.status
    body = typeof res.data === 'string' ? res.data : ''
  } catch {
    return {
      ok: false,
      message: `无法访问回调 URL ${input.callbackUrl}：请确认中转服务正在运行且地址可从外网访问`,
    }
  }
  const ms = Date.now() - started
  if (status === 200 && body === plain) {
    // WeCom gives the receiver 1 s for the URL check.
    if (ms > 1000) return { ok: false, message: `回调 URL 应答太慢（${ms} 毫秒，企业微信要求 1 秒内）` }
    return { ok: true, ms }
  }
  if (status === 401)
    return { ok: false, message: '中转服务拒绝了签名：Token 与中转服务配置不一致，请刷新本页后重新复制' }
  if (status === 404) return { ok: false, message: '中转服务没有配置这个企业ID 的回调（HTTP 404）' }
  if (status === 200)
    return { ok: false, message: '回调 URL 返回的内容不对：EncodingAESKey 可能与中转服务配置不一致' }
  return { ok: false, message: `回调 URL 校验失败（HTTP ${status}）` }
}
