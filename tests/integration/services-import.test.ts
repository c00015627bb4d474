// Ways made in the WeCom admin console often carry no state; every one of them is imported and
// listed (their customers cannot be tied to them, which the import result reports).

import { afterEach, expect, it } from 'vitest'
import { startWorld, type World } from './services-harness'

let world: World | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

it('imports every way without a state, not just the first', async () => {
  world = await startWorld()
  const member = (await world.wecom.getFollowUserList())[0]!
  const made: string[] = []
  for (const remark of ['前台海报', '展会易拉宝', '门店台卡']) {
    const way = await world.wecom.addContactWay({
      type: 1,
      scene: 2,
      remark,
      skip_verify: true,
      state: '',
      user: [member],
    })
    made.push(way.config_id)
  }
  const result = await world.codes.importFromWeCom()
  expect(result).toMatchObject({ imported: 3, untracked: 3, skipped: 0 })
  for (const configId of made)
    expect(world.db.codes.getByConfigId(configId)).toMatchObject({ origin: 'imported', state: '' })
  expect(world.codes.list({ page: 1, pageSize: 10 }).total).toBe(3)
})
