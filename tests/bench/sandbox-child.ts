// Runs the simulator in its own process for benchmarks, so WeCom's side of the work is not billed to
// the process being measured (the real WeCom is another machine). Configured by BENCH_SANDBOX (JSON);
// prints one JSON line with what the parent needs, then serves until killed.

import { startSandbox } from '../../sandbox'

interface ChildOptions {
  /** The demo corp's seed (members, tag groups, customers); off by default when seedRelations is set. */
  seed?: boolean
  latencyMs?: number
  rateLimitPerMinute?: number
  seedRelations?: { members: number; perMember: number; state: string }
  callbackUrl?: string
  token?: string
  encodingAesKey?: string
  secret?: string
}

const options = JSON.parse(process.env.BENCH_SANDBOX ?? '{}') as ChildOptions
const sandbox = await startSandbox({
  seed: options.seed ?? !options.seedRelations,
  rateLimitPerMinute: options.rateLimitPerMinute ?? 1_000_000,
  ...(options.callbackUrl ? { callbackUrl: options.callbackUrl } : {}),
  ...(options.token ? { token: options.token } : {}),
  ...(options.encodingAesKey ? { encodingAesKey: options.encodingAesKey } : {}),
  ...(options.secret ? { secret: options.secret } : {}),
})
const userids = options.seedRelations ? sandbox.control.seedRelations(options.seedRelations).userids : []
sandbox.control.setLatency(options.latencyMs ?? 0)
console.log(
  JSON.stringify({
    apiBase: sandbox.apiBase,
    corpId: sandbox.corpId,
    secret: sandbox.secret,
    token: sandbox.token,
    encodingAesKey: sandbox.encodingAesKey,
    userids,
  }),
)
process.once('SIGTERM', () => void sandbox.stop().then(() => process.exit(0)))
