// `npm run sandbox`: the WeCom simulator on its own. Point a WeCom client (the desktop or the relay)
// at the printed API base; credentials come from the environment or are generated and printed, so
// the same values can be put into the relay's config.

import { startSandbox } from './index'

const env = process.env

function port(): number {
  const raw = env.SANDBOX_PORT ?? ''
  if (raw === '') return 0
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`SANDBOX_PORT must be a port number (0-65535), got "${raw}"`)
    process.exit(1)
  }
  return n
}

let sandbox
try {
  sandbox = await startSandbox({
    port: port(),
    ...(env.SANDBOX_HOST ? { host: env.SANDBOX_HOST } : {}),
    ...(env.SANDBOX_CALLBACK_URL ? { callbackUrl: env.SANDBOX_CALLBACK_URL } : {}),
    ...(env.SANDBOX_CORP_ID ? { corpId: env.SANDBOX_CORP_ID } : {}),
    ...(env.SANDBOX_TOKEN ? { token: env.SANDBOX_TOKEN } : {}),
    ...(env.SANDBOX_AES_KEY ? { encodingAesKey: env.SANDBOX_AES_KEY } : {}),
    ...(env.SANDBOX_SECRET ? { secret: env.SANDBOX_SECRET } : {}),
    ...(env.SANDBOX_STATE_FILE ? { stateFile: env.SANDBOX_STATE_FILE } : {}),
  })
} catch (error) {
  // One line, no stack: the usual causes are a port in use or a malformed SANDBOX_AES_KEY.
  console.error(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}

const s = sandbox
console.log(`sandbox WeCom API at ${s.apiBase}`)
console.log(`corp id:        ${s.corpId}`)
console.log(`secret:         ${s.secret}`)
console.log(`token:          ${s.token}`)
console.log(`encodingAesKey: ${s.encodingAesKey}`)
console.log(
  `callback url:   ${env.SANDBOX_CALLBACK_URL ?? '(none: set SANDBOX_CALLBACK_URL or POST setCallbackUrl)'}`,
)
console.log(`control:        POST ${s.apiBase}/sandbox/control/scan {"state": "…"}`)

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  void s.stop().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
