// Relay store step 7 (smart routing): a folder at step 5 opens with the routing tables added and its
// rows kept, and the tables take what the router writes.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { schemaVersion } from '../../common/sqlite-migrations'
import { RoutingStore } from '../../relay/routing/routing-store'
import { RelayStore } from '../../relay/store'

describe('relay store step 7', () => {
  it('adds the routing tables to a step-5 folder, keeping its rows', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-step7-'))
    const v5 = new RelayStore(dir, 5)
    v5.putSettings('wwstep', { timeZone: 'Asia/Shanghai', defaultWelcome: { text: '五', attachment: null } })
    await v5.close()
    const v7 = new RelayStore(dir, 7)
    expect(schemaVersion(v7.db)).toBe(7)
    expect(v7.settings('wwstep')?.defaultWelcome.text).toBe('五')
    const routing = new RoutingStore(v7.db)
    routing.putProfiles('wwstep', [{ userid: 'lina', dailyCap: 3, windows: [], exceptions: [] }])
    expect(routing.profiles('wwstep').get('lina')?.dailyCap).toBe(3)
    // The half and the full add of one scan count once a day.
    const add = { day: '2026-12-01', userid: 'lina', externalUserid: 'wm1', state: 's', at: 1 }
    expect(routing.addAdds('wwstep', [add, { ...add, at: 2 }])).toBe(1)
    routing.log('wwstep', {
      state: 's',
      at: 1,
      reason: 'cap',
      before: ['lina'],
      after: ['wangfang'],
      detail: 'x',
    })
    expect(routing.logAfter('wwstep', 0, 10)).toMatchObject([{ id: 1, reason: 'cap', after: ['wangfang'] }])
    expect(routing.markDeparted('wwstep', 'lina', 1, '离职')).toBe(true)
    expect(routing.markDeparted('wwstep', 'lina', 2, '离职')).toBe(false)
    await v7.close()
  })
})
