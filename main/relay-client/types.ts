// The desktop's view of the relay's API (common/relay-api.ts): what the codes and sync services call.

import type { ActionsPage, CodePolicy, EventsPage, RelayHealth, RelaySettings } from '../../common/relay-api'

export interface RelayClientOptions {
  /** The relay's public base URL (no trailing slash needed), e.g. https://relay.example.com */
  baseUrl: string
  /** The bearer key this corp was given in the relay's config. */
  apiKey: string
  /** Per-request timeout (default 10,000 ms). */
  timeoutMs?: number
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
}
