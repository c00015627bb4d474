// The desktop's view of the relay's API (common/relay-api.ts): what the codes and sync services call.

import type {
  ActionsPage,
  CallbackConfig,
  CodePolicy,
  EventsPage,
  RelayGaps,
  RelayHealth,
  RelaySettings,
} from '../../common/relay-api'

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

export interface RelayClient {
  readonly baseUrl: string
  health(): Promise<RelayHealth>
  putSettings(settings: RelaySettings): Promise<void>
  putPolicy(policy: CodePolicy): Promise<void>
  /** Idempotent: deleting an unknown state succeeds. */
  deletePolicy(state: string): Promise<void>
  events(after: number, limit?: number): Promise<EventsPage>
  actions(after: number, limit?: number): Promise<ActionsPage>
  /** The Token and EncodingAESKey the relay verifies this corp's callbacks with. */
  callbackConfig(): Promise<CallbackConfig>
  gaps(since: number): Promise<RelayGaps>
}
