// The seam between the desktop and the sandbox: what the sandbox workspace needs from the outside — a
// simulated WeCom and a relay wired to it. main does not build them (neither is one of the desktop's
// services); sandbox/runtime.ts does, and whoever composes the app (the Electron entry, `npm run web`,
// the tests) hands it to createCore. Types only, so both sides can name it.

import type { SimulationResult } from './domain'

export interface SandboxIdentity {
  corpId: string
  secret: string
  token: string
  encodingAesKey: string
  relayKey: string
}

export interface SandboxWorld {
  identity: SandboxIdentity
  corpName: string
  /** The simulator's WeCom API base (loopback; a new port each launch). */
  apiBase: string
  relayUrl: string
  /** A stored QR image URL pointed at the simulator's current port (its images keep their path). */
  qrImageUrl(stored: string): string
  /** A simulated customer scans the code (through the real callback → relay → welcome flow). */
  scan(
    configId: string,
    customerName?: string,
  ): Promise<Omit<SimulationResult, 'memberUserid'> & { userid: string }>
  customerDeletesMember(externalUserid: string, userid: string): Promise<void>
  memberDeletesCustomer(userid: string, externalUserid: string): Promise<void>
  stop(): Promise<void>
}

/** Starts the sandbox's simulator and relay for the workspace folder `dir` (their state lives there). */
export type SandboxLauncher = (dir: string, log?: (message: string) => void) => Promise<SandboxWorld>
