// Whether to offer an update, decided without Electron so it is tested in plain Node: updates are on
// only when a URL is configured (electron-builder.yml's `publish` → app-update.yml in the packaged
// app, or LIVE_CODES_UPDATE_URL), and an update is offered only when the server's latest*.yml names a
// newer version than the running one. main/index.ts asks this first, then lets electron-updater
// download what the manager agreed to — never on its own, never forced.

import { existsSync, readFileSync } from 'node:fs'

export interface UpdateConfig {
  /** The folder the company hosts latest.yml and the installers in (generic provider). */
  url: string
}

export type UpdateCheck =
  | { kind: 'none'; latest: string }
  | { kind: 'available'; version: string; releaseDate?: string }
  | { kind: 'error'; message: string }

/** A `key: value` at the top level of a small YAML file (app-update.yml, latest.yml). */
function yamlField(text: string, key: string): string | undefined {
  const match = new RegExp(`^${key}:[ \\t]*(.*)$`, 'm').exec(text)
  const raw = match?.[1]?.trim()
  if (!raw) return undefined
  return raw.replace(/^(['"])(.*)\1$/, '$2').trim() || undefined
}

/**
 * The update feed, or null when updates are off. LIVE_CODES_UPDATE_URL (tests, a dev run) wins over
 * the packaged app-update.yml, which electron-builder writes only when `publish` is configured.
 */
export function updateConfig(options: {
  appUpdateYml?: string | undefined
  env?: NodeJS.ProcessEnv
}): UpdateConfig | null {
  const fromEnv = options.env?.LIVE_CODES_UPDATE_URL?.trim()
  if (fromEnv) return validUrl(fromEnv)
  if (!options.appUpdateYml || !existsSync(options.appUpdateYml)) return null
  const text = readFileSync(options.appUpdateYml, 'utf8')
  if (yamlField(text, 'provider') !== 'generic') return null
  const url = yamlField(text, 'url')
  return url ? validUrl(url) : null
}

function validUrl(url: string): UpdateConfig | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
      ? { url: url.replace(/\/+$/, '') }
      : null
  } catch {
    return null
  }
}

/** The channel file electron-updater reads for this platform from a generic feed. */
export function channelFile(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'latest-mac.yml'
  if (platform === 'linux') return 'latest-linux.yml'
  return 'latest.yml'
}

/** Semantic version order (major.minor.patch, a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre = ''] = v.replace(/^v/, '').split('-', 2)
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre }
  }
  const x = parse(a)
  const y = parse(b)
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  if (x.pre === y.pre) return 0
  if (!x.pre) return 1
  if (!y.pre) return -1
  return x.pre < y.pre ? -1 : 1
}

/** Reads the feed's channel file and says whether it names a newer version. */
export async function checkForNewer(
  config: UpdateConfig,
  currentVersion: string,
  options: { platform?: NodeJS.Platform; timeoutMs?: number } = {},
): Promise<UpdateCheck> {
  const file = channelFile(options.platform)
  let text: string
  try {
    const res = await fetch(`${config.url}/${file}`, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      headers: { 'cache-control': 'no-cache' },
    })
    if (!res.ok) return { kind: 'error', message: `更新服务器返回 HTTP ${res.status}（${file}）` }
    text = await res.text()
  } catch (error) {
    return {
      kind: 'error',
      message: `无法连接更新服务器：${error instanceof Error ? error.message : String(error)}`,
    }
  }
  const latest = yamlField(text, 'version')
  if (!latest || !/^v?\d+\.\d+\.\d+/.test(latest))
    return { kind: 'error', message: `${file} 中没有有效的版本号` }
  if (compareVersions(latest, currentVersion) <= 0) return { kind: 'none', latest }
  const releaseDate = yamlField(text, 'releaseDate')
  return { kind: 'available', version: latest, ...(releaseDate ? { releaseDate } : {}) }
}
