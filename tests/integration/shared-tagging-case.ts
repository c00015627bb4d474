// One case for both stores: the half and the full add event of one scan share one tagging (and one
// auto remark), the full add wakes the tagging that waits for the member's confirmation, and after a
// delete of the pair a new add is tagged again.

import { expect } from 'vitest'
import type { RelayStorage } from '../../relay/storage'
import { add, CORP, policy, T0 } from './pg-store-fixture'

const WINDOW = 20_000

export async function halfAndFullAddShareOneTagging(store: RelayStorage) {
  await store.putPolicy(
    CORP,
    policy('s1', { autoRemark: { remark: '{客户昵称}', description: '' } }),
    T0,
    true,
  )
  const half = add('wm1', T0, { changeType: 'add_half_external_contact', welcomeCode: 'WC-half' })
  await store.commit([half], [], WINDOW)
  // The tagging waits for the member to confirm (84061): pushed out, as the runner does.
  const tags = (await store.actions(CORP, 0, 10)).find((a) => a.kind === 'tags')!
  const claimed = await store.claim(T0 + 1, 10, 10_000, 5)
  const tagJob = claimed.find((j) => j.kind === 'tags')!
  await store.retryAt(tagJob.id, T0 + 3_600_000, T0 + 2, 84061, '等待成员确认')
  await store.commit(
    [add('wm1', T0 + 30_000, { welcomeCode: 'WC-full', createTime: half.createTime + 30 })],
    [],
    WINDOW,
  )
  const actions = await store.actions(CORP, 0, 10)
  expect(actions.filter((a) => a.kind === 'tags').map((a) => a.id)).toEqual([tags.id])
  expect(actions.filter((a) => a.kind === 'remark')).toHaveLength(1)
  expect(actions.filter((a) => a.kind === 'welcome')).toHaveLength(2)
  // Woken: due at the full add's arrival, not in an hour.
  const due = await store.claim(T0 + 30_001, 10, 10_000, 5)
  expect(due.map((j) => j.kind)).toContain('tags')
  // After a delete of the pair, a new add is tagged again.
  await store.commit(
    [
      add('wm1', T0 + 60_000, {
        changeType: 'del_follow_user',
        welcomeCode: '',
        createTime: half.createTime + 60,
      }),
    ],
    [],
    WINDOW,
  )
  await store.commit(
    [add('wm1', T0 + 90_000, { welcomeCode: 'WC-again', createTime: half.createTime + 90 })],
    [],
    WINDOW,
  )
  expect((await store.actions(CORP, 0, 20)).filter((a) => a.kind === 'tags')).toHaveLength(2)
}
