// What makes an add cheap must not make it wrong: the relay keeps parsed policies (dropped on every
// push and delete, so an edit reaches the very next add), hashes an image once and uploads it once
// however many first welcomes need it at the same moment.

import { PNG } from 'pngjs'
import { afterEach, describe, expect, it } from 'vitest'
import { relayWorld, waitFor, wayWithPolicy, type RelayWorld } from './relay-fixture'

let world: RelayWorld | null = null
afterEach(async () => {
  await world?.stop()
  world = null
})

const UPLOAD = '/cgi-bin/media/upload'

function png(): string {
  const image = new PNG({ width: 40, height: 40 })
  image.data.fill(200)
  return PNG.sync.write(image).toString('base64')
}

describe('the relay at full cost', () => {
  it('uploads an image once for many first welcomes at the same moment', async () => {
    world = await relayWorld()
    const w = world
    const policy = await wayWithPolicy(w, {
      memberUserids: ['lina', 'wangfang'],
      welcome: {
        mode: 'own',
        text: '欢迎！',
        attachment: { kind: 'image', fileName: 'poster.png', mimeType: 'image/png', dataBase64: png() },
      },
    })
    w.sandbox.control.setLatency(80) // the upload is in flight while the other sends want it
    await Promise.all(Array.from({ length: 12 }, () => w.sandbox.control.scan({ state: policy.state })))
    await waitFor(() => w.sandbox.control.sentWelcomes.length === 12, 15_000)
    expect(w.sandbox.control.calls[UPLOAD]).toBe(1)
    const mediaIds = new Set(w.sandbox.control.sentWelcomes.map((s) => JSON.stringify(s.attachments)))
    expect(mediaIds.size).toBe(1)
  })

  it('an edit or a delete reaches the very next add (the parsed policy is dropped on push and delete)', async () => {
    world = await relayWorld()
    const w = world
    const policy = await wayWithPolicy(w, {
      memberUserids: ['lina'],
      version: 1,
      welcome: { mode: 'own', text: '第一版', attachment: null },
    })
    await w.sandbox.control.scan({ state: policy.state })
    await waitFor(() => w.sandbox.control.sentWelcomes.length === 1)
    const edited = {
      ...policy,
      version: 2,
      welcome: { mode: 'own' as const, text: '第二版', attachment: null },
    }
    expect((await w.api('PUT', `/policies/${policy.state}`, edited)).status).toBe(200)
    await w.sandbox.control.scan({ state: policy.state })
    await waitFor(() => w.sandbox.control.sentWelcomes.length === 2)
    expect(w.sandbox.control.sentWelcomes.map((s) => s.text)).toEqual(['第一版', '第二版'])
    expect((await w.api('DELETE', `/policies/${policy.state}`)).status).toBe(200)
    await w.sandbox.control.scan({ state: policy.state })
    // The add is stored (an event), but a deleted code has no jobs.
    await waitFor(async () => ((await w.api('GET', '/events?after=0')).body.events as unknown[]).length === 3)
    const actions = (await w.api('GET', '/actions?after=0')).body.actions as { kind: string }[]
    expect(actions.filter((a) => a.kind === 'welcome')).toHaveLength(2)
  })
})
