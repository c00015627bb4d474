// WECOM_API_BASE, read once at launch (`npm run web`, `npm start`): the WeCom API host for corp
// workspaces that set none in 设置 — a 企业微信私有化 deployment, or the standalone simulator. Validated
// as the setup form validates it, so a typo stops the launch with one line instead of failing later.

import { connectCorpSchema } from '../../common/schemas'

export function apiBaseFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { defaultApiBase?: string } | { error: string } {
  const raw = env.WECOM_API_BASE?.trim()
  if (!raw) return {}
  const parsed = connectCorpSchema.shape.apiBase.safeParse(raw)
  if (!parsed.success) return { error: `WECOM_API_BASE must be an http(s) URL, got "${raw.slice(0, 200)}"` }
  return { defaultApiBase: parsed.data }
}
