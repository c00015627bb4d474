// The relay client's public surface.

export { createRelayClient } from './client'
export { RelayError, isRelayError, type RelayErrorKind } from './errors'
export type { RelayClient, RelayClientOptions } from './types'
