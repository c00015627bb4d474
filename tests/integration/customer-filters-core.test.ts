// The customer list's filters through the core, as the drawer calls them: a sandbox code scanned by
// two simulated customers (the real flow: simulator → callback → relay → welcome and tags → sync),
// then listCodeCustomers and exportCodeCustomers with the same name, member and date filters.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../main/core'
import type { CustomerFilter } from '../../common/schemas'
import type { Core } from '../../main/core-types'
import { createFileSecretStore } from '../../main/secrets/file-store'
import { startSandboxRuntime } from '../../sandbox/runtime'

let core: Core | null = null
afterEach(async () => {
  await core?.close()
  core = null
})

/** runSync only starts a sync: wait until one started after now has finished. */
async function syncNow(h: Core['handlers']) {
  const started = Date.now()
  await h.runSync({})
  await expect
    .poll(async () => {
      const status = await h.getSyncStatus({})
      return !status.running && (status.lastFinishedAt ?? 0) >= started
    })
    .toBe(true)
}

const csvOf = (blob: { dataBase64: string }) => Buffer.from(blob.dataBase64, 'base64').toString('utf8')

describe('customer list filters through the core', () => {
  it('finds scanned customers by name, member and added date, and exports the same set with tags', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'core-customers-'))
    core = await createCore({
      workspaceDir: dir,
      secrets: createFileSecretStore(path.join(dir, 'secrets.dev.json')),
      transport: 'http',
      version: 'test',
      syncIntervalMs: 0,
      sandbox: startSandboxRuntime,
    })
    const h = core.handlers
    const groups = await h.listTagGroups({})
    const tags = groups.flatMap((g) => g.tags.map((t) => ({ id: t.id, label: `${g.name}: ${t.name}` })))
    const chosen = tags.slice(0, 2)
    expect(chosen).toHaveLength(2)
    const code = await h.createCode({
      name: '筛选测试码',
      memberUserids: ['zhangwei', 'wangfang'],
      tagIds: chosen.map((t) => t.id),
      welcome: { mode: 'none', text: '', attachment: null },
      autoAccept: { mode: 'on', windows: [] },
    })

    const pct = await h.simulateScan({ id: code.id, customerName: '满意度100%客户' })
    const plain = await h.simulateScan({ id: code.id, customerName: '普通客户' })
    // The core's handlers take input as the bridge hands it over, defaults already applied.
    const list = (filter: CustomerFilter & { status?: 'all' | 'current' | 'lost' } = {}) =>
      h.listCodeCustomers({ id: code.id, status: 'all', page: 1, pageSize: 10, ...filter })
    const exportCsv = async (filter: CustomerFilter) =>
      csvOf(await h.exportCodeCustomers({ id: code.id, status: 'all', format: 'csv', ...filter }))
    // The relay tags each customer as it receives the add; a sync brings the outcome in.
    await expect
      .poll(
        async () => {
          await syncNow(h)
          return (await list()).items.map((c) => c.tags)
        },
        { timeout: 20_000 },
      )
      .toEqual(['applied', 'applied'])

    const all = await list()
    expect(all.total).toBe(2)
    expect(all.items.every((c) => c.appliedTagIds.join() === chosen.map((t) => t.id).join())).toBe(true)

    const byName = await list({ name: '100%' })
    expect(byName.total).toBe(1)
    expect(byName.items.map((c) => [c.name, c.externalUserid])).toEqual([
      ['满意度100%客户', pct.externalUserid],
    ])
    expect((await list({ name: '客户' })).total).toBe(2)
    expect((await list({ name: '普通', status: 'lost' })).total).toBe(0)

    for (const scan of [pct, plain]) {
      const served = await list({ memberUserid: scan.memberUserid })
      expect(served.items.map((c) => c.externalUserid)).toContain(scan.externalUserid)
      expect(served.items.every((c) => c.memberUserid === scan.memberUserid)).toBe(true)
    }
    expect((await list({ memberUserid: 'nobody' })).total).toBe(0)

    // Added times are WeCom's (the simulator's clock): the bounds are inclusive at both ends.
    const times = all.items.map((c) => c.addedAt)
    const [first, last] = [Math.min(...times), Math.max(...times)]
    expect((await list({ addedFrom: first, addedTo: last })).total).toBe(2)
    expect((await list({ addedFrom: last + 1 })).total).toBe(0)
    expect((await list({ addedTo: first - 1 })).total).toBe(0)

    // The export holds exactly what the filtered list shows, with the tags by group and name.
    const csv = await exportCsv({ name: '100%' })
    // trim() drops the BOM too.
    const lines = csv.trim().split('\r\n')
    expect(lines[0]).toBe('客户名称,所属员工,添加时间,客户状态,流失时间,流失原因,标签,说明')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('满意度100%客户')
    expect(lines[1]).toContain(chosen.map((t) => t.label).join('、'))
    const none = await exportCsv({ memberUserid: 'nobody' })
    expect(none.trim().split('\r\n')).toHaveLength(1)
    const both = await exportCsv({ name: '客户' })
    expect(both.trim().split('\r\n')).toHaveLength(3)
  })
})
