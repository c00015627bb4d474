// Code groups and branded QR through the real core (createCore over a sandbox workspace with its
// simulator and relay), called as the bridge calls them: groups made, renamed and deleted (their
// codes back to 未分组), codes moved one by one and in batch, the list filtered by group, each
// group's totals from real scans and a loss, the export's 分组 column, and a saved QR style used by
// the download, the ZIP and the print sheet — every image still scanning back to the code's URL.

import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BridgeFailure } from '../../common/bridge-result'
import type { CallName } from '../../common/contract'
import { dispatch } from '../../main/bridge/dispatch'
import { decodeQrImage } from '../../main/qr/decode'
import { pngLogo } from '../fixtures/qr-logos'
import { waitFor } from './relay-fixture'
import { demoCode, openSandboxCore, tempWorkspace, type SandboxCore } from './sandbox-core'

let c: SandboxCore
const ids: Record<string, number> = {}

/** A call as the renderer makes it: validated by the contract's zod schema first. */
async function call(name: CallName, input: unknown) {
  return dispatch(c.core.handlers, name, input)
}
async function refused(name: CallName, input: unknown): Promise<BridgeFailure> {
  const result = await call(name, input)
  if (result.ok) throw new Error(`${name} should have been refused`)
  return result
}

async function syncNow() {
  await c.h.runSync({})
  const status = await waitFor(async () => {
    const s = await c.h.getSyncStatus({})
    return !s.running && s
  })
  expect(status.lastError).toBeNull()
}

const names = async (groupId?: number) =>
  (await c.h.listCodes({ page: 1, pageSize: 100, ...(groupId === undefined ? {} : { groupId }) })).items
    .map((i) => i.name)
    .sort()

beforeAll(async () => {
  c = await openSandboxCore(tempWorkspace())
  for (const name of ['国贸门店', '朝阳门店', '春季展会', '地铁海报'])
    ids[name] = (await c.h.createCode(demoCode(name))).id
})
afterAll(async () => {
  await c?.close()
})

describe('code groups through the core', () => {
  let shops: number
  let fairs: number

  it('creates groups and refuses empty, reserved, over-long and duplicate names in Chinese', async () => {
    shops = (await c.h.createCodeGroup({ name: '门店' })).id
    fairs = (await c.h.createCodeGroup({ name: '展会活动' })).id
    expect((await refused('createCodeGroup', { name: '  ' })).message).toContain('请输入分组名称')
    expect((await refused('createCodeGroup', { name: '未分组' })).message).toContain('列表自带的名称')
    expect((await refused('createCodeGroup', { name: '很'.repeat(21) })).message).toContain(
      '不能超过 20 个字',
    )
    const dup = await refused('createCodeGroup', { name: '门店' })
    expect(dup.code).toBe('CONFLICT')
    expect(dup.message).toBe('已有名为「门店」的分组，请换一个名称')
    const list = await c.h.listCodeGroups({})
    expect(list.groups.map((g) => g.name)).toEqual(['门店', '展会活动'])
    expect(list.ungrouped.codeCount).toBe(4)
    expect(list.all.codeCount).toBe(4)
  })

  it('moves codes in batch and one by one, and the list filters by group', async () => {
    expect(await c.h.moveCodesToGroup({ ids: [ids['国贸门店']!, ids['朝阳门店']!], groupId: shops })).toEqual(
      {
        moved: 2,
      },
    )
    expect(await c.h.moveCodesToGroup({ ids: [ids['春季展会']!], groupId: fairs })).toEqual({ moved: 1 })
    expect(await names(shops)).toEqual(['国贸门店', '朝阳门店'].sort())
    expect(await names(fairs)).toEqual(['春季展会'])
    expect(await names(0)).toEqual(['地铁海报'])
    expect(await names()).toHaveLength(4)
    // Moving again replaces the group; null takes the code out of every group.
    await c.h.moveCodesToGroup({ ids: [ids['朝阳门店']!], groupId: fairs })
    expect(await names(fairs)).toEqual(['朝阳门店', '春季展会'].sort())
    await c.h.moveCodesToGroup({ ids: [ids['朝阳门店']!], groupId: shops })
    expect((await refused('moveCodesToGroup', { ids: [], groupId: shops })).message).toContain('请先勾选活码')
    expect((await refused('moveCodesToGroup', { ids: [ids['地铁海报']], groupId: 9999 })).code).toBe(
      'NOT_FOUND',
    )
  })

  it("sums each group's cumulative / lost / current from real scans, like the filtered list", async () => {
    const a = await c.h.simulateScan({ id: ids['国贸门店']!, customerName: '甲' })
    await c.h.simulateScan({ id: ids['朝阳门店']!, customerName: '乙' })
    await c.h.simulateScan({ id: ids['春季展会']!, customerName: '丙' })
    await c.h.simulateScan({ id: ids['地铁海报']!, customerName: '丁' })
    await syncNow()
    await c.h.simulateDeletion({ id: ids['国贸门店']!, externalUserid: a.externalUserid, by: 'customer' })
    await syncNow()
    const list = await waitFor(async () => {
      const l = await c.h.listCodeGroups({})
      return l.all.counts.lost === 1 && l
    })
    const byName = Object.fromEntries(list.groups.map((g) => [g.name, g]))
    expect(byName['门店']).toMatchObject({ codeCount: 2, counts: { cumulative: 2, lost: 1, current: 1 } })
    expect(byName['展会活动']).toMatchObject({ codeCount: 1, counts: { cumulative: 1, lost: 0, current: 1 } })
    expect(list.ungrouped).toEqual({ codeCount: 1, counts: { cumulative: 1, lost: 0, current: 1 } })
    expect(list.all).toEqual({ codeCount: 4, counts: { cumulative: 4, lost: 1, current: 3 } })
    const filtered = await c.h.listCodes({ page: 1, pageSize: 10, groupId: shops })
    expect(filtered.totals).toEqual(byName['门店']!.counts)
  })

  it('exports the group of each code', async () => {
    const file = await c.h.exportCodes({ format: 'csv' })
    const lines = Buffer.from(file.dataBase64, 'base64').toString('utf8').split('\r\n')
    expect(lines[0]).toMatch(/,分组$/)
    const groupOf = (name: string) =>
      lines
        .find((l) => l.startsWith(`${name},`))!
        .split(',')
        .pop()
    expect(groupOf('国贸门店')).toBe('门店')
    expect(groupOf('春季展会')).toBe('展会活动')
    expect(groupOf('地铁海报')).toBe('未分组')
    const onlyShops = await c.h.exportCodes({ format: 'csv', groupId: shops })
    expect(Buffer.from(onlyShops.dataBase64, 'base64').toString('utf8').trim().split('\r\n')).toHaveLength(3)
  })

  it('renames a group, and deleting one sends its codes to 未分组 with their customers kept', async () => {
    expect((await c.h.renameCodeGroup({ id: fairs, name: '线下展会' })).name).toBe('线下展会')
    expect((await refused('renameCodeGroup', { id: fairs, name: '门店' })).code).toBe('CONFLICT')
    expect(await c.h.deleteCodeGroup({ id: shops })).toEqual({ moved: 2 })
    expect((await refused('deleteCodeGroup', { id: shops })).code).toBe('NOT_FOUND')
    const list = await c.h.listCodeGroups({})
    expect(list.groups.map((g) => g.name)).toEqual(['线下展会'])
    expect(list.ungrouped).toEqual({ codeCount: 3, counts: { cumulative: 3, lost: 1, current: 2 } })
    expect(await names(0)).toEqual(['国贸门店', '朝阳门店', '地铁海报'].sort())
    expect(await c.h.getCode({ id: ids['国贸门店']! })).toMatchObject({ name: '国贸门店' })
  })
})

describe('branded QR through the core', () => {
  const style = {
    foreground: '#0b3d91',
    background: '#fff8e6',
    caption: '扫码领取新人礼',
    logo: pngLogo(),
  }

  it('refuses a low-contrast pair before saving, with the reason', async () => {
    const bad = await refused('setQrStyle', {
      id: ids['春季展会'],
      style: { ...style, foreground: '#c8c8c8' },
    })
    expect(bad.code).toBe('VALIDATION')
    expect(bad.message).toContain('太接近')
    expect(await c.h.getQrStyle({ id: ids['春季展会']! })).toMatchObject({
      foreground: '#000000',
      logo: null,
    })
  })

  it('saves a style and the download, ZIP, print sheet and preview all use it and still decode', async () => {
    const id = ids['春季展会']!
    // What the plain code holds, read before any style is saved.
    const plainFile = await c.h.getQrFile({ id, format: 'png', caption: false, size: 1024 })
    const expected = decodeQrImage(Buffer.from(plainFile.dataBase64, 'base64'))
    expect(expected).toMatch(/^https?:\/\//)
    const saved = await call('setQrStyle', { id, style })
    expect(saved.ok).toBe(true)
    expect(await c.h.getQrStyle({ id })).toEqual(style)

    for (const size of [1024, 480, 200]) {
      const file = await c.h.getQrFile({ id, format: 'png', caption: true, size })
      expect(decodeQrImage(Buffer.from(file.dataBase64, 'base64')), `download at ${size}`).toBe(expected)
    }
    const svg = await c.h.getQrFile({ id, format: 'svg', caption: true, size: 1024 })
    const svgText = Buffer.from(svg.dataBase64, 'base64').toString('utf8')
    expect(svgText).toContain('扫码领取新人礼')
    expect(svgText).toContain('fill="#0b3d91"')
    expect(svgText).toContain('href="data:image/png;base64,')

    const zipFile = await c.h.getQrZip({ ids: [id, ids['地铁海报']!], format: 'png', caption: true })
    const zip = await JSZip.loadAsync(Buffer.from(zipFile.dataBase64, 'base64'))
    const branded = await zip.file('春季展会.png')!.async('nodebuffer')
    expect(decodeQrImage(branded)).toBe(expected)
    const plain = await zip.file('地铁海报.png')!.async('nodebuffer')
    expect(decodeQrImage(plain)).toMatch(/^https?:\/\//)

    const sheet = await c.h.getQrPrintSheet({ ids: [id] })
    const printed = Buffer.from(sheet.items[0]!.pngDataUrl.split(',')[1]!, 'base64')
    expect(decodeQrImage(printed)).toBe(expected)

    const preview = await call('previewQrStyle', { id, style: { ...style, caption: '' } })
    expect(preview.ok).toBe(true)
    if (preview.ok) {
      const png = Buffer.from((preview.value as { pngDataUrl: string }).pngDataUrl.split(',')[1]!, 'base64')
      expect(decodeQrImage(png)).toBe(expected)
    }
  })

  it('the default style removes the branding again', async () => {
    const id = ids['春季展会']!
    await c.h.setQrStyle({
      id,
      style: { foreground: '#000000', background: '#ffffff', caption: '', logo: null },
    })
    const svg = await c.h.getQrFile({ id, format: 'svg', caption: true, size: 1024 })
    const text = Buffer.from(svg.dataBase64, 'base64').toString('utf8')
    expect(text).not.toContain('<image')
    expect(text).toContain('>春季展会</text>')
  })
})
