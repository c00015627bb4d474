// A sandbox code's link after an app restart: the simulator comes back on another port, and the link
// the list, getCode and 复制 hand out must point at it and answer.

import { afterEach, describe, expect, it } from 'vitest'
import { demoCode, openSandboxCore, tempWorkspace, type SandboxCore } from './sandbox-core'

let open: SandboxCore[] = []
afterEach(async () => {
  for (const c of open) await c.close()
  open = []
})

async function start(dir: string) {
  const c = await openSandboxCore(dir)
  open.push(c)
  return c
}

describe('sandbox links across a restart', () => {
  it('points a code’s link at the running simulator, and it answers', async () => {
    const dir = tempWorkspace()
    const first = await start(dir)
    const code = await first.h.createCode(demoCode('重启后的链接'))
    const oldBase = first.runtime().apiBase
    expect(code.qrUrl.startsWith(`${oldBase}/`)).toBe(true)
    open = []
    await first.close()

    const second = await start(dir)
    const base = second.runtime().apiBase
    const read = await second.h.getCode({ id: code.id })
    const listed = (await second.h.listCodes({ page: 1, pageSize: 10 })).items.find((c) => c.id === code.id)
    expect(read.qrUrl.startsWith(`${base}/`)).toBe(true)
    expect(listed?.qrUrl).toBe(read.qrUrl)
    // The path is the simulator's image of this way; only the origin followed the port.
    expect(new URL(read.qrUrl).pathname).toBe(new URL(code.qrUrl).pathname)
    const res = await fetch(read.qrUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('image/png')
  })
})
