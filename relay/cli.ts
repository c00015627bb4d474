// `npm run relay`: loads the config (one line and exit 1 when it is wrong), starts the relay, and
// drains on SIGTERM/SIGINT so every answered event and running job is settled before exit.

import { ConfigError, loadConfig } from './config'
import { startRelay } from './server'

let config
try {
  config = loadConfig()
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `cannot read config: ${String(error)}`)
  process.exit(1)
}

const relay = await startRelay({ ...config, heartbeatMs: config.heartbeatSeconds * 1000 })
console.log(`relay listening on http://${config.host}:${relay.port} (store: ${config.store.kind})`)

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  void relay.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
