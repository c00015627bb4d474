// The relay's configuration: a JSON file (RELAY_CONFIG, default relay.config.json) with env overrides,
// validated so a mistake stops the relay at start with one line saying what is wrong.

import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { WECOM_API_BASE } from '../wecom/api-base'
import { connectionLimitsSchema } from './connection-limits'

export const corpConfigSchema = z.strictObject({
  corpId: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'corpId must be the corp ID (letters and digits)'),
  token: z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'token must be 3-32 letters or digits'),
  encodingAesKey: z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'encodingAesKey must be 43 base64 characters'),
  secret: z.string().min(8, 'secret is too short'),
  apiKey: z.string().min(16, 'apiKey must be at least 16 characters'),
  apiBase: z.string().url().default(WECOM_API_BASE),
})

/** A PostgreSQL connection URL (the driver reads user, password, host, port and database from it). */
const postgresUrl = z
  .string()
  .url('store.url must be a URL')
  .regex(/^postgres(ql)?:\/\//, 'store.url must start with postgres:// or postgresql://')

/**
 * Where the relay keeps its data: SQLite in dataDir (one host; the default) or PostgreSQL, which
 * several relay instances can share behind one callback URL.
 */
export const storeConfigSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('sqlite') }),
    z.strictObject({
      kind: z.literal('postgres'),
      url: postgresUrl,
      poolSize: z.number().int().min(1).max(100).optional(),
    }),
  ])
  .default({ kind: 'sqlite' })

export const relayConfigSchema = z.strictObject({
  host: z.string().default('0.0.0.0'),
  port: z.number().int().min(0).max(65535).default(8787),
  dataDir: z.string().min(1).default('./relay-data'),
  /** How often the relay records that it is up; the desktop shows outages longer than two of these. */
  heartbeatSeconds: z.number().min(0.1).max(3600).default(60),
  /**
   * How long the messages the relay only keeps (texts to the app, other events) stay on disk; the
   * customer events the desktops read are not touched.
   */
  keepMessagesDays: z.number().int().min(1).max(3650).default(30),
  /** Socket timeouts and caps (relay/connection-limits.ts); the defaults suit a public address. */
  limits: connectionLimitsSchema.partial().optional(),
  store: storeConfigSchema,
  corps: z
    .array(corpConfigSchema)
    .min(1, 'corps must list at least one corp')
    .refine((c) => new Set(c.map((x) => x.corpId)).size === c.length, 'corps has a duplicate corpId')
    .refine((c) => new Set(c.map((x) => x.apiKey)).size === c.length, 'each corp needs its own apiKey'),
})

export type CorpConfig = z.output<typeof corpConfigSchema>
export type RelayFileConfig = z.output<typeof relayConfigSchema>

export class ConfigError extends Error {}

/** Reads and validates the config; throws ConfigError with one readable line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RelayFileConfig {
  const file = env.RELAY_CONFIG ?? 'relay.config.json'
  if (!existsSync(file))
    throw new ConfigError(
      `config file not found: ${file} (set RELAY_CONFIG or copy relay.config.example.json)`,
    )
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(error as Error).message}`)
  }
  if (typeof raw !== 'object' || raw === null)
    throw new ConfigError(`config file ${file} must hold a JSON object`)
  const merged: Record<string, unknown> = { ...(raw as Record<string, unknown>) }
  if (env.RELAY_HOST) merged.host = env.RELAY_HOST
  if (env.RELAY_PORT) merged.port = Number(env.RELAY_PORT)
  if (env.RELAY_DATA_DIR) merged.dataDir = env.RELAY_DATA_DIR
  if (env.RELAY_HEARTBEAT_SECONDS) merged.heartbeatSeconds = Number(env.RELAY_HEARTBEAT_SECONDS)
  // The database URL carries a password, so it may come from the environment instead of the file.
  // The file's pool size still holds when the URL comes from there.
  if (env.RELAY_DATABASE_URL) {
    const fileStore = merged.store as { kind?: unknown; poolSize?: unknown } | undefined
    const poolSize = fileStore?.kind === 'postgres' ? fileStore.poolSize : undefined
    merged.store = {
      kind: 'postgres',
      url: env.RELAY_DATABASE_URL,
      ...(poolSize !== undefined ? { poolSize } : {}),
    }
  }
  const parsed = relayConfigSchema.safeParse(merged)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ConfigError(`invalid config ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
  }
  return parsed.data
}
