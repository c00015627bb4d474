// The relay's tagging against a WeCom that refuses tags on a half-add: until the member confirms,
// mark_tag answers 84061, so the tagging waits (and the full add wakes it) — one tagging per add, the
// welcome sent once on the half event's code. The "same add" suppression that makes the half and the
// full add share a tagging must not swallow a tagging that failed, nor a re-add through another code.

import { afterEach, describe, expect, it } from 'vitest'
import { createWeComClient } from '../../wecom'
import { relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'

let world: RelayWorld | null = null
afterEach(async () => {
  await world?.stop()
  world = null
})

interface Action {
  kind: string
  status: string
  state: string
  externalUserid: string
  errcode: number | null
}

const actions = async (w: RelayWorld) => (await w.api('GET', '/actions?after=0')).body.actions as Action[]

async function twoTags(w: RelayWorld): Promise<[string, string]> {
  const client = createWeComClient({
    apiBase: w.sandbox.apiBase,
    corpId: w.sandbox.corpId,
    secret: w.sandbox.secret,
  })
  const groups = await client.getCorpTagList()
  return [groups[0]!.tag[0]!.id, groups[1]!.tag[0]!.id]
}

/** A relay world whose WeCom clock can be moved on (a re-add needs a later CreateTime second). */
async function worldWithClock() {
  let skew = 0
  const w = await relayWorld({ sandbox: { now: () => Date.now() + skew } })
  return { w, advance: (ms: number) => (skew += ms) }
}

describe('tagging a half-add', () => {
  it('waits for the member to confirm, then tags once; the welcome goes out once on the half code', async () => {
    world = await relayWorld()
    const w = world
    const [tag] = await twoTags(w)
    w.sandbox.control.setMemberHalfAdd('wangfang', true)
    const policy = await wayWithPolicy(w, { memberUserids: ['wangfang'], tagIds: [tag] })
    const scan = await w.sandbox.control.scan({ state: policy.state })
    expect(scan).toMatchObject({ half: true, welcomeCode: expect.any(String) })
    await waitFor(async () =>
      (await actions(w)).some((a) => a.kind === 'tags' && a.status === 'pending' && a.errcode === 84061),
    )
    await waitFor(() => w.sandbox.control.sentWelcomes.find((s) => s.externalUserid === scan.externalUserid))
    expect(w.sandbox.control.markedTags).toEqual([])

    await w.sandbox.control.confirmHalfAdd('wangfang', scan.externalUserid)
    // The full add wakes the waiting tagging at once (its own backoff would be 15 s and more).
    await waitFor(async () => (await actions(w)).some((a) => a.kind === 'tags' && a.status === 'done'), 5000)
    const tagged = w.sandbox.control.markedTags.filter((t) => t.externalUserid === scan.externalUserid)
    expect(tagged).toHaveLength(1)
    expect(tagged[0]!.addTag).toEqual([tag])
    const all = await actions(w)
    expect(all.filter((a) => a.kind === 'tags')).toHaveLength(1)
    expect(all.filter((a) => a.kind === 'welcome').map((a) => a.status)).toEqual(['done'])
    expect(
      w.sandbox.control.sentWelcomes.filter((s) => s.externalUserid === scan.externalUserid),
    ).toHaveLength(1)
  })
})

describe('the same-add suppression', () => {
  it('does not swallow the tags of a re-add after a failed first tagging', async () => {
    const { w, advance } = await worldWithClock()
    world = w
    const [tag] = await twoTags(w)
    const policy = await wayWithPolicy(w, { memberUserids: ['lina'], tagIds: [tag] })
    w.sandbox.control.injectFault({ path: '/cgi-bin/externalcontact/mark_tag', errcode: 40068 })
    const first = await w.sandbox.control.scan({ state: policy.state })
    await waitFor(async () => (await actions(w)).some((a) => a.kind === 'tags' && a.status === 'failed'))
    await w.sandbox.control.customerDeletesMember(first.externalUserid, 'lina')
    advance(2000)
    await w.sandbox.control.scan({ state: policy.state }, { externalUserid: first.externalUserid })
    await waitFor(async () => (await actions(w)).some((a) => a.kind === 'tags' && a.status === 'done'))
    expect(
      w.sandbox.control.markedTags.filter((t) => t.externalUserid === first.externalUserid),
    ).toHaveLength(1)
  })

  it('tags a re-add through another code with that code’s tags, inside the window', async () => {
    const { w, advance } = await worldWithClock()
    world = w
    const [tagA, tagB] = await twoTags(w)
    const a = await wayWithPolicy(w, { memberUserids: ['lina'], tagIds: [tagA] })
    const b = await wayWithPolicy(w, { memberUserids: ['lina'], tagIds: [tagB] })
    const scan = await w.sandbox.control.scan({ state: a.state })
    await waitFor(async () => (await actions(w)).some((x) => x.kind === 'tags' && x.status === 'done'))
    await w.sandbox.control.customerDeletesMember(scan.externalUserid, 'lina')
    advance(2000)
    await w.sandbox.control.scan({ state: b.state }, { externalUserid: scan.externalUserid })
    await waitFor(async () =>
      (await actions(w)).some((x) => x.kind === 'tags' && x.state === b.state && x.status === 'done'),
    )
    expect(
      w.sandbox.control.markedTags
        .filter((t) => t.externalUserid === scan.externalUserid)
        .map((t) => t.addTag),
    ).toEqual([[tagA], [tagB]])
  })
})
