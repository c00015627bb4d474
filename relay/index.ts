// The callback relay: run it with `npm run relay` (relay/cli.ts) or in-process with startRelay.
export { startRelay, type Relay, type RelayConfig } from './server'
export { loadConfig, ConfigError } from './config'
