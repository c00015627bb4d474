// One relay instance cut off from PostgreSQL (a TCP proxy between them that drops every connection
// and refuses new ones): its commits reject — so the callback answers 5xx, never 200 — it reports no
// lead role, another instance takes the role over, and once the network is back its pool reconnects
// and the retried event is stored once.

import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { add, CORP, pgSkipped, policy, T0, until, usePostgres } from './pg-store-fixture'

interface Proxy {
  port: number
  cut(): Promise<void>
  restore(): Promise<void>
  close(): Promise<void>
}

async function tcpProxy(targetPort: number): Promise<Proxy> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {})
    }
    client.pipe(upstream)
    upstream.pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
    })
  const port = await listen(0)
  const stop = async () => {
    for (const s of sockets) s.destroy()
    if (server.listening) await new Promise<void>((r) => server.close(() => r()))
  }
  return { port, cut: stop, restore: async () => void (await listen(port)), close: stop }
}

describe.skipIf(pgSkipped)('PostgreSQL store cut off from its database', () => {
  const pgt = usePostgres()

  it('rejects commits while PostgreSQL is unreachable, gives up its lead, and recovers when it is back', async () => {
    const url = await pgt.database()
    const proxy = await tcpProxy(pgt.server().port)
    try {
      const viaProxy = new URL(url)
      viaProxy.port = String(proxy.port)
      const cutOff = await pgt.open(viaProxy.toString())
      const other = await pgt.open(url)
      await cutOff.putPolicy(CORP, policy('s1'), T0, true)
      expect((await cutOff.commit([add('wm1', T0)], [], 20_000)).events).toEqual([true])
      expect(await cutOff.lead('scheduler')).toBe(true)

      await proxy.cut()
      const retried = add('wm2', T0 + 1)
      await expect(cutOff.commit([retried], [], 20_000)).rejects.toThrow()
      await expect(cutOff.claim(T0 + 2, 10, 10_000, 5)).rejects.toThrow()
      await until(
        async () => !(await cutOff.lead('scheduler')),
        10_000,
        'the cut-off store to give up its lead',
      )
      // PostgreSQL ended the dead session, so its lock is free for the instance that still reaches it.
      await until(() => Promise.resolve(other.lead('scheduler')), 10_000, 'the other store to take the lead')

      await proxy.restore()
      // WeCom retries the unanswered callback; once the pool reconnects it is stored, once.
      let stored: boolean[] = []
      await until(
        async () => {
          stored = await cutOff.commit([retried], [], 20_000).then(
            (r) => r.events,
            () => [],
          )
          return stored.length > 0
        },
        15_000,
        'a commit to go through again',
      )
      expect(stored).toEqual([true])
      expect((await other.events(CORP, 0, 10)).map((e) => e.externalUserid)).toEqual(['wm1', 'wm2'])
      expect(await cutOff.lead('scheduler')).toBe(false)
      await other.close()
      await until(
        () => Promise.resolve(cutOff.lead('scheduler')),
        10_000,
        'the recovered store to lead again',
      )
    } finally {
      await proxy.close()
    }
  })
})
