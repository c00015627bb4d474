// startSandbox: puts the simulator together — the corp (seeded, empty or loaded from a state file),
// its live state, the control surface and the HTTP server on loopback — and takes it apart on stop().

import { SimCorp } from './corp'
import { createControl } from './control'
import { newCallbackToken, newEncodingAesKey, randomAlnum } from './keys'
import { emptyCorp } from './model'
import { loadState, saveState } from './persist'
import { seedCorp } from './seed'
import { createSandboxServer } from './server'
import type { Sandbox, SandboxOptions } from './types'

export { newEncodingAesKey }

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const now = opts.now ?? Date.now
  const corpId = opts.corpId ?? 'wwsandbox0001'
  const corpName = opts.corpName ?? '演示企业（沙盒）'
  const encodingAesKey = opts.encodingAesKey ?? newEncodingAesKey()
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey))
    throw new Error('encodingAesKey must be 43 base64 characters (WeCom EncodingAESKey)')
  const loaded = loadState(opts.stateFile)
  if (loaded.problem) console.warn(loaded.problem)
  const data =
    loaded.data ?? (opts.seed === false ? emptyCorp(corpId, corpName) : seedCorp(corpId, corpName, now()))
  const corp = new SimCorp(data, {
    secret: opts.secret ?? randomAlnum(43),
    token: opts.token ?? newCallbackToken(),
    encodingAesKey,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 7200,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 10_000,
    latencyMs: opts.latencyMs ?? 0,
    callbackUrl: opts.callbackUrl ?? null,
    autoAcceptPendingAfterMs: opts.autoAcceptPendingAfterMs ?? null,
    callbackTimeoutMs: opts.callbackTimeoutMs ?? 5000,
    halfAddConfirmAfterMs: opts.halfAddConfirmAfterMs ?? null,
    transferDelayMs: opts.transferDelayMs ?? 86_400_000,
    keepStateOnTransfer: opts.keepStateOnTransfer ?? true,
    updateKeepsOmittedParty: opts.updateKeepsOmittedParty ?? false,
    maxConcurrentPerApi: opts.maxConcurrentPerApi ?? 100,
    now,
  })

  // Saves are coalesced: a burst of scans writes the file once.
  let saveTimer: NodeJS.Timeout | null = null
  const stateFile = opts.stateFile
  const save = () => {
    if (stateFile) saveState(stateFile, corp.snapshot())
  }
  if (stateFile) {
    corp.onChange = () => {
      saveTimer ??= setTimeout(() => {
        saveTimer = null
        save()
      }, 200)
    }
  }

  const control = createControl(corp)
  const host = opts.host ?? '127.0.0.1'
  let apiBase = ''
  const server = createSandboxServer(corp, control, () => apiBase)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  apiBase = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  return {
    apiBase,
    corpId: corp.data.corpId,
    corpName: corp.data.corpName,
    secret: corp.options.secret,
    token: corp.options.token,
    encodingAesKey: corp.options.encodingAesKey,
    control,
    async stop() {
      control.dispose()
      if (saveTimer) clearTimeout(saveTimer)
      save()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type { Sandbox, SandboxControl, SandboxOptions } from './types'
