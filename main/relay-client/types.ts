// The desktop's view of the relay's API: one function per route of common/relay-api.ts's table, each
// taking the route's input and resolving with its validated output.

import type { RelayInput, RelayOutput, RelayRouteName } from '../../common/relay-api'

export interface RelayClientOptions {
  /** The relay's public base URL (no trailing slash needed), e.g. https://relay.example.com */
  baseUrl: string
  /** The bearer key this corp was given in the relay's config. */
  apiKey: string
  /** Per-request timeout (default 10,000 ms). */
  timeoutMs?: number
  /** Told after every request whether the relay answered at all (any HTTP status) or not. */
  onReachability?: (reachable: boolean, error?: unknown) => void
}

export type RelayCalls = {
  [N in RelayRouteName]: (input: RelayInput<N>) => Promise<RelayOutput<N>>
}

export type RelayClient = RelayCalls & { readonly baseUrl: string }
