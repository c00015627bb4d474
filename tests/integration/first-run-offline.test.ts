// A new user's first run on a real corp, then WeCom and the relay going away and coming back — through
// the core (createCore), the simulator as the corp's WeCom and a relay configured for the corp.

import Database from 'better-sqlite3'
import JSZip from 'jszip'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CodeInput } from '../../common/schemas'
import { connect, CORP, startCorpWorld, until, type CorpWorld } from './corp-world'

let world: CorpWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

async function newCode(w: CorpWorld, overrides: Partial<CodeInput> = {}) {
  // 张伟 has no admin-set welcome, so WeCom gives his adds a welcome code.
  const member = (await w.call('listMembers', {})).members.find((m) => m.userid === 'zhangwei')!
  const groups = await w.call('listTagGroups', {})
  return w.call('createCode', {
    name: '春季海报',
    memberUserids: [member.userid],
    tagIds: [groups[0]!.tags[0]!.id, groups[1]!.tags[0]!.id],
    welcome: { mode: 'own', text: '您好，欢迎！', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
    ...overrides,
  })
}

describe('first run on a real corp', () => {
  it('shows the relay’s own Token and EncodingAESKey, and 检查连接 passes WeCom’s signed URL check', async () => {
    world = await startCorpWorld()
    const result = await connect(world)
    expect(result.items.map((i) => [i.key, i.ok])).toEqual([
      ['token', true],
      ['followUsers', true],
      ['relay', true],
      ['relayCorp', true],
      ['relayClock', true],
      ['relayProblems', true],
      ['callbackUrl', true],
    ])
    const ws = await world.call('getWorkspace', {})
    expect(ws).toMatchObject({
      kind: 'corp',
      callbackToken: CORP.token,
      encodingAesKey: CORP.encodingAesKey,
      callbackUrl: `${world.relayUrl}/callback/customerEvent/${CORP.corpId}`,
      // Typed in 高级设置: the whole real-corp path runs against this host.
      apiBase: world.apiBase,
      effectiveApiBase: world.apiBase,
    })
    const check = await world.call('checkWorkspace', {})
    expect(check.items.find((i) => i.key === 'callbackUrl')).toMatchObject({ ok: true })
  })

  it('fails the URL check, saying why, when the relay verifies with another Token', async () => {
    world = await startCorpWorld()
    await connect(world)
    const { verifyCallbackUrl } = await import('../../main/workspace/url-check')
    const wrong = await verifyCallbackUrl({
      callbackUrl: `${world.relayUrl}/callback/customerEvent/${CORP.corpId}`,
      corpId: CORP.corpId,
      token: 'NotTheRelaysToken',
      encodingAesKey: CORP.encodingAesKey,
    })
    expect(wrong).toMatchObject({ ok: false, message: expect.stringContaining('Token') })
  })
})

describe('offline and outages', () => {
  it('knows it is offline at once, from any call, and online again from the next one that answers', async () => {
    world = await startCorpWorld()
    await connect(world)
    const code = await newCode(world)
    expect((await world.call('getSyncStatus', {})).online).toBe(true)

    await world.stopWeCom()
    await world.stopRelay()
    // A save is kept here and waits in the outbox (issue #19: offline edits are queued, 待同步 1),
    // and the status knows without any sync having run.
    const kept = await world.call('updateCode', { id: code.id, code: { ...code, name: '改名' } })
    expect(kept.name).toBe('改名')
    const down = await world.call('getSyncStatus', {})
    expect(down).toMatchObject({ relayOnline: false, online: false, running: false, pendingPushes: 1 })
    expect((await world.call('getCode', { id: code.id })).name).toBe('改名')

    await world.startWeCom()
    await world.call('checkWorkspace', {})
    expect((await world.call('getSyncStatus', {})).wecomOnline).toBe(true)
  })

  it('a failed sync says so with its own time; a half-done one says what it updated', async () => {
    world = await startCorpWorld()
    await connect(world)
    const ok = await until(async () => {
      const s = await world!.call('getSyncStatus', {})
      return !s.running && s.lastOutcome === 'ok' && s
    })
    expect(ok.lastSummary).toContain('成员')

    await world.stopRelay()
    const partial = await world.core.handlers.runSync({}).then(() =>
      until(async () => {
        const s = await world!.call('getSyncStatus', {})
        return !s.running && s.lastFinishedAt !== ok.lastFinishedAt && s
      }),
    )
    expect(partial).toMatchObject({ lastOutcome: 'partial', relayOnline: false, wecomOnline: true })
    expect(partial.lastSuccessAt).toBe(ok.lastSuccessAt)
    expect(partial.lastError).toContain('中转服务暂时无法连接')
    expect(partial.lastSummary).toMatch(/成员 \d+ 位/)

    await world.stopWeCom()
    await world.core.handlers.runSync({})
    const failed = await until(async () => {
      const s = await world!.call('getSyncStatus', {})
      return !s.running && s.lastFinishedAt !== partial.lastFinishedAt && s
    })
    expect(failed).toMatchObject({ lastOutcome: 'failed', online: false, lastSuccessAt: ok.lastSuccessAt })
    expect(failed.lastFinishedAt).toBeGreaterThan(ok.lastSuccessAt!)
    expect(failed.lastError).toContain('当前离线')
  })

  it('keeps every code’s QR for offline use, imported ones too, and a batch lists what it left out', async () => {
    world = await startCorpWorld()
    await connect(world)
    const made = await newCode(world)
    // A way made in the WeCom console (not by this app), found by the next sync's import.
    const { createWeComClient } = await import('../../wecom')
    const console = createWeComClient({ apiBase: world.apiBase, corpId: CORP.corpId, secret: CORP.secret })
    await console.addContactWay({
      type: 2,
      scene: 2,
      remark: '后台建的码',
      skip_verify: true,
      state: '',
      user: made.memberUserids,
    })
    await world.core.handlers.runSync({})
    const imported = await until(async () => {
      const list = await world!.call('listCodes', { page: 1, pageSize: 10 })
      return list.items.find((c) => c.name === '后台建的码')
    })
    await until(async () => !(await world!.call('getSyncStatus', {})).running)

    await world.stopWeCom()
    await world.stopRelay()
    for (const id of [made.id, imported.id]) {
      const png = await world.call('getQrFile', { id, format: 'png', caption: true, size: 512 })
      expect(png.mimeType).toBe('image/png')
    }
    const zip = await world.call('getQrZip', { ids: [made.id, imported.id], format: 'png', caption: true })
    expect(zip.skipped).toEqual([])
    const sheet = await world.call('getQrPrintSheet', { ids: [made.id, imported.id] })
    expect(sheet.items.map((i) => i.id).sort()).toEqual([made.id, imported.id].sort())

    // A code whose image was never read (a row from an older version of the app) is left out of a
    // batch by name, and the rest still goes out.
    const sqlite = new Database(path.join(world.dir, 'app/workspaces/corp-wwrealcorp0001/app.sqlite'))
    sqlite.prepare('UPDATE codes SET qr_content = NULL WHERE id = ?').run(imported.id)
    sqlite.close()
    const partial = await world.call('getQrZip', {
      ids: [made.id, imported.id],
      format: 'png',
      caption: true,
    })
    expect(partial.skipped).toEqual([{ id: imported.id, name: '后台建的码' }])
    const entries = Object.keys((await JSZip.loadAsync(Buffer.from(partial.dataBase64, 'base64'))).files)
    expect(entries).toEqual(['春季海报.png'])
    const onlyMissing = world.call('getQrPrintSheet', { ids: [imported.id] })
    await expect(onlyMissing).rejects.toThrow(/还没有缓存/)
  })

  it('a code created while the relay is down reaches it as soon as it is back, without a sync', async () => {
    world = await startCorpWorld()
    await connect(world)
    await world.stopRelay()
    const code = await newCode(world)
    expect(code.relayState).toBe('pending')
    expect((await world.call('getSyncStatus', {})).pendingPushes).toBe(1)

    await world.startRelay()
    await until(async () => (await world!.call('getCode', { id: code.id })).relayState === 'synced', 15_000)
    expect((await world.call('getSyncStatus', {})).pendingPushes).toBe(0)
    // So its first scan gets the welcome and the tags from the relay.
    const scan = await world.sandbox().control.scan({ state: code.state })
    await until(() =>
      world!.sandbox().control.sentWelcomes.some((w) => w.externalUserid === scan.externalUserid),
    )
    await until(() =>
      world!.sandbox().control.markedTags.some((t) => t.externalUserid === scan.externalUserid),
    )
  })

  it('tags an add the relay missed once, marks its welcome as missed, and shows the relay’s outage', async () => {
    world = await startCorpWorld({ heartbeatMs: 100 })
    await connect(world)
    const code = await newCode(world)
    await world.stopRelay()
    const stoppedAt = Date.now()
    // WeCom cannot deliver the add: three attempts, all refused.
    const scan = await world.sandbox().control.scan({ state: code.state }, { customerName: '断网时的客户' })
    const tagsBefore = world.sandbox().control.markedTags.length
    // The outage has to outlast two of the relay's heartbeats (100 ms) to count as one: its length is
    // the subject here, not a wait for something to happen.
    await until(() => Date.now() - stoppedAt > 300)
    await world.startRelay()

    await world.core.handlers.runSync({})
    await until(async () => {
      const s = await world!.call('getSyncStatus', {})
      return !s.running && s.lastOutcome === 'ok'
    })
    const marked = world.sandbox().control.markedTags.slice(tagsBefore)
    expect(marked).toEqual([
      expect.objectContaining({ externalUserid: scan.externalUserid, addTag: code.tagIds }),
    ])
    const customers = await world.call('listCodeCustomers', {
      id: code.id,
      status: 'all',
      page: 1,
      pageSize: 10,
    })
    expect(customers.items).toEqual([
      expect.objectContaining({
        name: '断网时的客户',
        status: 'current',
        welcome: 'missed',
        tags: 'repaired',
        welcomeNote: expect.stringContaining('20 秒'),
        tagsNote: expect.stringContaining('补打'),
        // The repair's own record says which tags it applied.
        appliedTagIds: code.tagIds,
      }),
    ])
    const stats = await world.call('getCodeStats', { id: code.id })
    expect(stats).toMatchObject({ cumulative: 1, current: 1, lost: 0 })
    expect(stats.relayGaps).toHaveLength(1)
    expect(stats.relayGaps[0]!.to - stats.relayGaps[0]!.from).toBeGreaterThanOrEqual(200)

    // Once: the next sync finds the tags in place (and the repair recorded) and applies nothing.
    await world.core.handlers.runSync({})
    await until(async () => !(await world!.call('getSyncStatus', {})).running)
    expect(world.sandbox().control.markedTags.length).toBe(tagsBefore + 1)
  })

  it('pushes the default welcome to the relay when it is saved, and retries it while the relay is down', async () => {
    world = await startCorpWorld()
    await connect(world)
    const code = await newCode(world, {
      name: '用默认欢迎语的码',
      welcome: { mode: 'default', text: '', attachment: null },
    }).catch((error: unknown) => error)
    // The default is still empty: a code on it would send nothing, so the services refuse it up front.
    expect(code).toMatchObject({
      code: 'VALIDATION',
      fields: { 'welcome.mode': expect.stringContaining('默认欢迎语') },
    })

    await world.stopRelay()
    await world.call('setDefaultWelcome', { welcome: { text: '断网时保存的默认欢迎语', attachment: null } })
    expect((await world.call('getSyncStatus', {})).pendingPushes).toBe(1)
    await world.startRelay()
    await until(async () => (await world!.call('getSyncStatus', {})).pendingPushes === 0, 15_000)

    // No sync ran: the relay has it from the save alone, and a scan gets it.
    const onDefault = await newCode(world, {
      name: '默认欢迎语码',
      welcome: { mode: 'default', text: '', attachment: null },
    })
    const scan = await world.sandbox().control.scan({ state: onDefault.state })
    const sent = await until(() =>
      world!.sandbox().control.sentWelcomes.find((w) => w.externalUserid === scan.externalUserid),
    )
    expect(sent.text).toBe('断网时保存的默认欢迎语')
  })
})
