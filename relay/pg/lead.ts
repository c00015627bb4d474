// Work only one instance may do at a time (the auto-accept scheduler, the router): a session-level
// pg_try_advisory_lock per role, on ONE connection of its own per store — never a pooled one, since
// a session lock belongs to the connection and a pooled connection is handed to other calls and may
// be closed by the pool. The lock is held until close() or until that connection is lost (PostgreSQL
// releases a dead session's locks), so another instance then takes it. While holding, every call
// proves the session is still alive; on any error this store reports false and reconnects later.

import pg from 'pg'
import type { LeadRole } from '../storage'
import { connectionConfig } from './db'

/** pg_advisory_lock's first key ("lead"), and each role's second. */
const LEAD_KEY = 0x6c656164
const ROLE_KEYS: Record<LeadRole, number> = { scheduler: 1, router: 2 }
/** After a failed connect, wait this long before trying again (lead() is asked on every tick). */
const RECONNECT_AFTER_MS = 1_000

export class LeadLocks {
  private client: pg.Client | null = null
  private connecting: Promise<pg.Client | null> | null = null
  private readonly held = new Set<LeadRole>()
  private retryAt = 0
  private closed = false

  constructor(
    private readonly url: string,
    private readonly log?: (message: string, fields?: Record<string, unknown>) => void,
  ) {}

  private drop(client: pg.Client, error?: unknown) {
    if (this.client !== client) return
    if (error !== undefined)
      this.log?.('PostgreSQL 主节点锁的连接中断', {
        error: error instanceof Error ? error.message : String(error),
      })
    this.client = null
    this.held.clear()
    this.retryAt = Date.now() + RECONNECT_AFTER_MS
    client.end().catch(() => {})
  }

  private connection(): Promise<pg.Client | null> {
    if (this.client) return Promise.resolve(this.client)
    if (this.closed || Date.now() < this.retryAt) return Promise.resolve(null)
    this.connecting ??= (async () => {
      const client = new pg.Client(connectionConfig(this.url))
      client.on('error', (error) => this.drop(client, error))
      client.on('end', () => this.drop(client))
      try {
        await client.connect()
      } catch (error) {
        this.log?.('PostgreSQL 主节点锁连接失败', {
          error: error instanceof Error ? error.message : String(error),
        })
        this.retryAt = Date.now() + RECONNECT_AFTER_MS
        client.end().catch(() => {})
        return null
      }
      if (this.closed) {
        await client.end().catch(() => {})
        return null
      }
      this.client = client
      return client
    })().finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  async lead(role: LeadRole): Promise<boolean> {
    const client = await this.connection()
    if (!client) return false
    try {
      if (this.held.has(role)) {
        // The lock lives as long as the session: a round trip on it shows both still stand.
        await client.query('SELECT 1')
        return this.held.has(role)
      }
      const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        LEAD_KEY,
        ROLE_KEYS[role],
      ])
      if (result.rows[0]?.ok !== true) return false
      if (this.client !== client) return false
      this.held.add(role)
      return true
    } catch (error) {
      this.drop(client, error)
      return false
    }
  }

  /** Ends the lock connection: PostgreSQL releases every role this store held. */
  async close(): Promise<void> {
    this.closed = true
    await this.connecting
    const client = this.client
    this.client = null
    this.held.clear()
    if (client) await client.end().catch(() => {})
  }
}
