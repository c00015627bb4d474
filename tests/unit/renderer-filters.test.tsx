// @vitest-environment jsdom
// The code list's filter bar: 查询 sends listCodes the right input — name trimmed, creator, and a date
// range whose end includes the whole end day — and paging restarts at page 1.

import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import dayjs from 'dayjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CodeInput } from '../../common/schemas'
import { Providers } from '../../renderer/Providers'
import { WorkspaceContext } from '../../renderer/hooks/workspace-context'
import { emptyFilter, filterProblem, filterToQuery } from '../../renderer/lib/code-filter'
import { CodeListPage } from '../../renderer/pages/CodeListPage'
import { coreApi, type CoreApi } from '../fixtures/renderer-core-api'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
let world: CoreApi | null = null
afterEach(async () => {
  cleanup()
  await world?.close()
  world = null
})

const CODE: CodeInput = {
  name: '部门管理员创建',
  memberUserids: ['moumeina'],
  tagIds: [],
  welcome: { mode: 'none', text: '', attachment: null },
  autoAccept: { mode: 'on', windows: [] },
}

describe('filterToQuery', () => {
  it('sends nothing for an empty filter', () => {
    expect(filterToQuery(emptyFilter)).toEqual({})
  })

  it('trims the name and makes the end date inclusive of its whole day', () => {
    const query = filterToQuery({
      name: '  门店 ',
      start: dayjs('2025-06-01'),
      end: dayjs('2025-06-02'),
      creator: '管理员',
    })
    expect(query).toEqual({
      name: '门店',
      createdFrom: dayjs('2025-06-01T00:00:00').valueOf(),
      createdTo: dayjs('2025-06-02T23:59:59.999').valueOf(),
      creator: '管理员',
    })
  })

  it('counts days in the workspace time zone when given', () => {
    const query = filterToQuery(
      { ...emptyFilter, start: dayjs('2025-06-02'), end: dayjs('2025-06-02') },
      'Asia/Shanghai',
    )
    expect(query.createdFrom).toBe(Date.parse('2025-06-02T00:00:00+08:00'))
    expect(query.createdTo).toBe(Date.parse('2025-06-03T00:00:00+08:00') - 1)
  })

  it('refuses a start date after the end date', () => {
    expect(filterProblem({ ...emptyFilter, start: dayjs('2025-06-03'), end: dayjs('2025-06-02') })).toBe(
      '开始日期不能晚于结束日期',
    )
  })
})

async function renderList() {
  world = await coreApi()
  const { api } = world
  await api.createCode(CODE)
  const listCodes = vi.spyOn(api, 'listCodes')
  const workspace = { ...(await api.getWorkspace({})), timeZone: 'Asia/Shanghai' }
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
        }}
      >
        <CodeListPage />
      </WorkspaceContext>
    </Providers>,
  )
  await screen.findByText('部门管理员创建')
  return { listCodes }
}

async function pickDay(fieldLabel: RegExp, day: number) {
  const group = screen.getAllByRole('group', { name: fieldLabel })[0]!
  const field = group.closest('.MuiFormControl-root') as HTMLElement
  fireEvent.click(within(field).getByRole('button', { name: /选择日期/ }))
  const grid = await screen.findByRole('grid')
  await act(async () => fireEvent.click(within(grid).getByRole('gridcell', { name: String(day) })))
  const ok = screen.queryByRole('button', { name: '确认' })
  if (ok) await act(async () => fireEvent.click(ok))
  await waitFor(() => expect(screen.queryByRole('grid')).toBeNull())
}

describe('the code list filters', () => {
  it('query with name, creator and a date range (end day included) from page 1', async () => {
    const { listCodes } = await renderList()
    expect(listCodes).toHaveBeenLastCalledWith({ page: 1, pageSize: 10 })

    fireEvent.change(screen.getByRole('textbox', { name: '渠道名称' }), { target: { value: ' 测试 ' } })
    fireEvent.mouseDown(screen.getByRole('combobox', { name: /创建人/ }))
    const listbox = await screen.findByRole('listbox')
    // The sandbox's creator: the real services record who made each code.
    await act(async () => fireEvent.click(within(listbox).getByRole('option', { name: '沙盒管理员' })))
    await pickDay(/开始日期/, 10)
    await pickDay(/结束日期/, 20)

    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })))
    const month = dayjs().format('YYYY-MM')
    await waitFor(() =>
      expect(listCodes).toHaveBeenLastCalledWith({
        name: '测试',
        creator: '沙盒管理员',
        createdFrom: Date.parse(`${month}-10T00:00:00+08:00`),
        createdTo: Date.parse(`${month}-21T00:00:00+08:00`) - 1,
        page: 1,
        pageSize: 10,
      }),
    )
  })

  it('重置 clears the filter and queries everything again', async () => {
    const { listCodes } = await renderList()
    fireEvent.change(screen.getByRole('textbox', { name: '渠道名称' }), { target: { value: '不存在的渠道' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })))
    expect(await screen.findByText('没有符合条件的活码')).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '重置' })))
    await waitFor(() => expect(listCodes).toHaveBeenLastCalledWith({ page: 1, pageSize: 10 }))
    expect(await screen.findByText('部门管理员创建')).toBeTruthy()
  })
})
