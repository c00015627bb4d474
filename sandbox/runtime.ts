// The sandbox workspace's stand-ins for the outside world: the WeCom simulator and a real relay,
// both in-process on loopback, wired exactly as production is (simulator → encrypted callback →
// relay → welcome/tags back to the simulator). Their identity and state live in the workspace
// folder, so codes made in the sandbox survive an app restart. The desktop's core receives this as
// its SandboxLauncher; tests also reach the simulator's full control through `sandbox`.

import path from 'node:path'
import { z } from 'zod'
import { CALLBACK_PATH_PREFIX } from '../common/relay-api'
import { startRelay } from '../relay'
import { startSandbox } from '.'
import type { SandboxIdentity, SandboxWorld } from '../common/sandbox-world'
import type { Sandbox } from './types'
import { newCallbackToken, newEncodingAesKey, newRelayKey, randomAlnum } from './keys'
import { readJsonFile, writeJsonAtomic } from './json-file'

const identitySchema: z.ZodType<SandboxIdentity> = z.object({
  corpId: z.string(),
  secret: z.string(),
  token: z.string(),
  encodingAesKey: z.string().length(43),
  relayKey: z.string(),
})

/** The sandbox workspace's world as the desktop's core expects it, plus the simulator itself. */
export interface SandboxRuntime extends SandboxWorld {
  /** The simulator, for tests and benches that drive it further. */
  sandbox: Sandbox
}

/** Sandbox credentials are demo values, not secrets: kept in a plain file of the sandbox folder. */
export function loadSandboxIdentity(dir: string): SandboxIdentity {
  const file = path.join(dir, 'sandbox-identity.json')
  const parsed = identitySchema.safeParse(readJsonFile(file))
  if (parsed.success) return parsed.data
  const identity: SandboxIdentity = {
    corpId: 'wwsandbox0001',
    secret: randomAlnum(43),
    token: newCallbackToken(),
    encodingAesKey: newEncodingAesKey(),
    relayKey: newRelayKey(),
  }
  writeJsonAtomic(file, identity, 0o600)
  return identity
}

export async function startSandboxRuntime(dir: string, log?: (m: string) => void): Promise<SandboxRuntime> {
  const identity = loadSandboxIdentity(dir)
  const sandbox = await startSandbox({
    corpId: identity.corpId,
    secret: identity.secret,
    token: identity.token,
    encodingAesKey: identity.encodingAesKey,
    stateFile: path.join(dir, 'sandbox-state.json'),
    // With auto-accept off, the simulated member accepts the request after a moment.
    autoAcceptPendingAfterMs: 3000,
    // A half-added customer is confirmed by the member a little later, and a 在职/离职继承 completes
    // in seconds rather than WeCom's 24 hours: a demo shows both without waiting a day.
    halfAddConfirmAfterMs: 20_000,
    transferDelayMs: 10_000,
  })
  let relay: Awaited<ReturnType<typeof startRelay>>
  try {
    relay = await startRelay({
      host: '127.0.0.1',
      port: 0,
      dataDir: path.join(dir, 'relay-data'),
      corps: [
        {
          corpId: identity.corpId,
          token: identity.token,
          encodingAesKey: identity.encodingAesKey,
          secret: identity.secret,
          apiKey: identity.relayKey,
          apiBase: sandbox.apiBase,
        },
      ],
      ...(log ? { log: (message: string) => log(message) } : {}),
    })
  } catch (error) {
    await sandbox.stop()
    throw error
  }
  sandbox.control.setCallbackUrl(`${relay.url}${CALLBACK_PATH_PREFIX}${identity.corpId}`)
  const { control } = sandbox
  return {
    identity,
    sandbox,
    corpName: sandbox.corpName,
    apiBase: sandbox.apiBase,
    relayUrl: relay.url,
    qrImageUrl: (stored) => stored.replace(/^http:\/\/127\.0\.0\.1:\d+/, sandbox.apiBase),
    async scan(configId, customerName) {
      const scan = await control.scan({ configId }, customerName ? { customerName } : undefined)
      return {
        externalUserid: scan.externalUserid,
        customerName: scan.customerName,
        userid: scan.userid,
        pending: scan.pending,
      }
    },
    customerDeletesMember: (externalUserid, userid) => control.customerDeletesMember(externalUserid, userid),
    memberDeletesCustomer: (userid, externalUserid) => control.memberDeletesCustomer(userid, externalUserid),
    async stop() {
      await relay.stop()
      await sandbox.stop()
    },
  }
}
