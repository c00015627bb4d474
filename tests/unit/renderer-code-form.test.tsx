// @vitest-environment jsdom
// The create/edit form against the real services (createCore over a temp folder): bad input in each
// field shows the schema's message under that field and sends nothing; the services' own field errors
// land on the fields too; valid input is sent as one createCode and the code exists afterwards.

import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { Api } from '../../common/contract'
import type { Code } from '../../common/domain'
import { createWeComClient } from '../../wecom'
import { CodeForm } from '../../renderer/components/CodeFormDrawer'
import { Providers } from '../../renderer/Providers'
import { WorkspaceContext } from '../../renderer/hooks/workspace-context'
import { coreApiPerTest, type CoreApi } from '../fixtures/renderer-core-api'

const openCore = coreApiPerTest()

async function renderForm(prepare?: (api: Api, core: CoreApi) => Promise<number | null>) {
  const world = await openCore()
  const { api } = world
  const codeId = prepare ? await prepare(api, world) : null
  const createCode = vi.spyOn(api, 'createCode')
  const updateCode = vi.spyOn(api, 'updateCode')
  const onSaved = vi.fn()
  const workspace = await api.getWorkspace({})
  render(
    <Providers api={api}>
      <WorkspaceContext
        value={{
          workspace,
          setWorkspace: () => {},
          reload: () => {},
          dataVersion: 0,
          bumpData: () => {},
          sync: null,
          startSync: () => {},
        }}
      >
        <CodeForm codeId={codeId} onCancel={() => {}} onDirty={() => {}} onSaved={onSaved} />
      </WorkspaceContext>
    </Providers>,
  )
  await screen.findByRole('button', { name: '女' }) // tags loaded
  return { api, createCode, updateCode, onSaved }
}

const submit = async () => {
  await act(async () => fireEvent.click(screen.getByRole('button', { name: /创建活码|保存修改/ })))
}

const nameInput = () => screen.getByRole('textbox', { name: /渠道活码名称/ })

async function chooseMembers(...names: string[]) {
  fireEvent.click(screen.getByRole('button', { name: /选择使用人员|修改使用人员/ }))
  const dialog = await screen.findByRole('dialog', { name: '选择使用人员' })
  for (const name of names) fireEvent.click(within(dialog).getByRole('button', { name: new RegExp(name) }))
  await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: '确定' })))
}

describe('CodeForm validation', () => {
  it('shows the name, members and welcome messages for an empty form and calls nothing', async () => {
    const { createCode } = await renderForm()
    await submit()
    expect(screen.getByText('请输入渠道活码名称')).toBeTruthy()
    expect(screen.getByText('请至少选择一名使用人员')).toBeTruthy()
    expect(screen.getByText('渠道欢迎语不能为空：请填写欢迎语1或添加图片/链接')).toBeTruthy()
    expect(screen.getByText('还有内容需要修改，请查看标红的项目')).toBeTruthy()
    expect(createCode).not.toHaveBeenCalled()
    await waitFor(() => expect(document.activeElement).toBe(nameInput()))
  })

  it('refuses a name longer than 30 characters and counts it', async () => {
    const { createCode } = await renderForm()
    fireEvent.change(nameInput(), { target: { value: '一'.repeat(31) } })
    expect(screen.getByText('31/30')).toBeTruthy()
    await submit()
    expect(screen.getByText('渠道活码名称不能超过 30 个字')).toBeTruthy()
    expect(createCode).not.toHaveBeenCalled()
  })

  it('lists members who cannot be chosen as disabled, with the reason', async () => {
    await renderForm(async (api) => {
      await api.setMemberEnabled({ userid: 'lina', enabled: false })
      return null
    })
    fireEvent.click(screen.getByRole('button', { name: '选择使用人员' }))
    const dialog = await screen.findByRole('dialog', { name: '选择使用人员' })
    const row = (name: string) => within(dialog).getByRole('button', { name: new RegExp(name) })
    expect(row('周杰').getAttribute('aria-disabled')).toBe('true')
    expect(within(row('周杰')).getByText('无客户联系权限')).toBeTruthy()
    expect(within(row('吴昊')).getByText('未激活')).toBeTruthy()
    expect(within(row('李娜')).getByText('已在本应用停用')).toBeTruthy()
    expect(row('牟美娜').getAttribute('aria-disabled')).toBeNull()
  })

  it('checks the link fields of 欢迎语2', async () => {
    const { createCode } = await renderForm()
    fireEvent.change(nameInput(), { target: { value: '门店海报' } })
    await chooseMembers('牟美娜')
    fireEvent.click(screen.getByRole('radio', { name: '链接' }))
    fireEvent.change(screen.getByRole('textbox', { name: /链接地址/ }), { target: { value: 'ftp://x' } })
    await submit()
    expect(screen.getByText('请输入链接标题')).toBeTruthy()
    expect(screen.getByText('链接地址须以 http:// 或 https:// 开头')).toBeTruthy()
    expect(createCode).not.toHaveBeenCalled()
  })

  it('asks for an image when 图片 is chosen without one and refuses files that are not JPG/PNG', async () => {
    const { createCode } = await renderForm()
    fireEvent.change(nameInput(), { target: { value: '门店海报' } })
    await chooseMembers('牟美娜')
    fireEvent.change(screen.getByRole('textbox', { name: /欢迎语1/ }), { target: { value: '您好' } })
    fireEvent.click(screen.getByRole('radio', { name: '图片' }))
    await submit()
    expect(screen.getByText('请上传欢迎语图片，或把欢迎语2改为链接')).toBeTruthy()
    const gif = new File(['GIF89a'], 'a.gif', { type: 'image/gif' })
    fireEvent.change(screen.getByLabelText('上传欢迎语图片'), { target: { files: [gif] } })
    expect(await screen.findByText('图片只支持 JPG 或 PNG 格式')).toBeTruthy()
    const big = new File([new Uint8Array(2 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' })
    fireEvent.change(screen.getByLabelText('上传欢迎语图片'), { target: { files: [big] } })
    expect(await screen.findByText(/图片不能超过 2 MB/)).toBeTruthy()
    expect(createCode).not.toHaveBeenCalled()
  })

  it('needs at least one window for 定时开启', async () => {
    const { createCode } = await renderForm()
    fireEvent.change(nameInput(), { target: { value: '门店海报' } })
    await chooseMembers('牟美娜')
    fireEvent.change(screen.getByRole('textbox', { name: /欢迎语1/ }), { target: { value: '您好' } })
    fireEvent.click(screen.getByRole('radio', { name: '定时开启' }))
    await submit()
    expect(screen.getByText('定时开启至少需要一个时段')).toBeTruthy()
    expect(createCode).not.toHaveBeenCalled()
  })
})

describe('CodeForm saving', () => {
  it('sends one createCode with the chosen members, tags, welcome and auto-accept', async () => {
    const { api, createCode, onSaved } = await renderForm()
    const female = (await api.listTagGroups({}))[0]!.tags[0]!
    fireEvent.change(nameInput(), { target: { value: '  国贸门店海报  ' } })
    await chooseMembers('牟美娜', '贾丽丽')
    fireEvent.click(screen.getByRole('button', { name: '女' }))
    fireEvent.change(screen.getByRole('textbox', { name: /欢迎语1/ }), { target: { value: '欢迎光临' } })
    fireEvent.click(screen.getByRole('radio', { name: '全天关闭' }))
    await submit()
    await waitFor(() => expect(onSaved).toHaveBeenCalled())
    expect(createCode).toHaveBeenCalledTimes(1)
    expect(female.name).toBe('女')
    expect(createCode.mock.calls[0]?.[0]).toEqual({
      name: '  国贸门店海报  ',
      memberUserids: ['moumeina', 'jialili'],
      tagIds: [female.id],
      welcome: { mode: 'own', text: '欢迎光临', attachment: null },
      autoAccept: { mode: 'off', windows: [] },
      // Issue 17's fields always go, empty here, so clearing them in the form clears them on the code.
      rich: { welcomeWindows: [], autoRemark: null },
    })
    expect(onSaved.mock.calls[0]?.[1]).toBe('国贸门店海报')
    // And the services made it: trimmed, in WeCom with auto-accept off.
    const [made] = (await api.listCodes({ page: 1, pageSize: 10 })).items
    expect(made).toMatchObject({ name: '国贸门店海报', memberUserids: ['moumeina', 'jialili'] })
  })

  it('puts the services’ field errors of an update under the fields (a duplicate name)', async () => {
    const code = (name: string) => ({
      name,
      memberUserids: ['moumeina'],
      tagIds: [],
      welcome: { mode: 'none' as const, text: '', attachment: null },
      autoAccept: { mode: 'on' as const, windows: [] },
    })
    const { updateCode } = await renderForm(async (api) => {
      await api.createCode(code('测试环境'))
      return (await api.createCode(code('重新开始'))).id
    })
    await waitFor(() => expect((nameInput() as HTMLInputElement).value).toBe('重新开始'))
    fireEvent.change(nameInput(), { target: { value: '测试环境' } })
    await submit()
    expect(updateCode).toHaveBeenCalledTimes(1)
    // The services answer VALIDATION with fields.name: the message sits under the name field.
    const message = '已有同名活码「测试环境」，请换一个名称'
    await waitFor(() => expect(nameInput().getAttribute('aria-invalid')).toBe('true'))
    const helper = document.getElementById(`${nameInput().id}-helper-text`)
    expect(helper?.textContent).toContain(message)
  })

  it('asks before an edit replaces the QR of a single-member WeCom way, then saves with a new one', async () => {
    const { updateCode, onSaved } = await renderForm(async (api, core) => {
      const sandbox = core.sandbox()
      const wecom = createWeComClient({
        apiBase: sandbox.apiBase,
        corpId: sandbox.identity.corpId,
        secret: sandbox.identity.secret,
      })
      // A single-member way made in the console, imported by the sync.
      await wecom.addContactWay({
        type: 1,
        scene: 2,
        remark: '控制台单人码',
        skip_verify: true,
        state: 'console1',
        user: ['moumeina'],
      })
      // The sync that opening the workspace started may predate the way: one more, to its end.
      await waitFor(async () => expect((await api.getSyncStatus({})).running).toBe(false))
      await api.runSync({})
      return waitFor(
        async () => {
          const listed = await api.listCodes({ page: 1, pageSize: 10 })
          const imported = listed.items.find((c) => c.name === '控制台单人码')
          expect(imported).toBeDefined()
          return imported!.id
        },
        { timeout: 10_000 },
      )
    })
    await waitFor(() => expect((nameInput() as HTMLInputElement).value).toBe('控制台单人码'))
    const before = updateCode.mock.results.length
    await chooseMembers('贾丽丽')
    await submit()
    const question = await screen.findByTestId('qr-replace-question')
    expect(question.textContent).toContain('需要换一个新的二维码')
    expect(onSaved).not.toHaveBeenCalled()
    const dialog = screen.getByRole('dialog', { name: '需要更换二维码' })
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: '换新二维码并保存' })))
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1))
    expect(updateCode.mock.calls.slice(before).map(([input]) => input.replaceQr)).toEqual([undefined, true])
    const saved = onSaved.mock.calls[0]![2] as Code
    expect(saved.memberUserids).toEqual(['moumeina', 'jialili'])
    expect(saved.qrHistory).toHaveLength(1)
  })
})
