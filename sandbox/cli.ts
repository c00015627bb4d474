// `npm run sandbox`: the WeCom simulator on its own. Point a WeCom client (the desktop or the relay)
// at the printed API base; credentials come from the environment or are generated and printed.

import { startSandbox } from './index'

const env = process.env
const sandbox = await startSandbox({
  port: env.SANDBOX_PORT ? Number(env.SANDBOX_PORT) : 0,
  ...(env.SANDBOX_CALLBACK_URL ? { callbackUrl: env.SANDBOX_CALLBACK_URL } : {}),
  ...(env.SANDBOX_CORP_ID ? { corpId: env.SANDBOX_CORP_ID } : {}),
  ...(env.SANDBOX_TOKEN ? { token: env.SANDBOX_TOKEN } : {}),
  ...(env.SANDBOX_AES_KEY ? { encodingAesKey: env.SANDBOX_AES_KEY } : {}),
  ...(env.SANDBOX_SECRET ? { secret: env.SANDBOX_SECRET } : {}),
})
console.log(`sandbox WeCom API at ${sandbox.apiBase}`)
console.log(`corp id:        ${sandbox.corpId}`)
console.log(`secret:         ${sandbox.secret}`)
console.log(`token:          ${sandbox.token}`)
console.log(`encodingAesKey: ${sandbox.encodingAesKey}`)
console.log(`control:        POST ${sandbox.apiBase}/sandbox/control/scan {"state": "…"}`)

const stop = () => void sandbox.stop().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
