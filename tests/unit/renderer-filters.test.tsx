// @vitest-environment jsdom
// The code list's filter bar: 查询 sends listCodes the right input — name trimmed, creator, and a date
// range whose end includes the whole end day — and paging restarts at page 1.

import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import dayjs from 'dayjs'
import { describe, expect, it, vi } from 'vitest'
import type { CodeInput } from '../../common/schemas'
import { Providers } from '../../renderer/Providers'
import { WorkspaceContext } from '../../renderer/hooks/workspace-context'
import { emptyFilter, filterProblem, filterToQuery } from '../../renderer/lib/code-filter'
import { CodeListPage } from '../../renderer/pages/CodeListPage'
import { coreApiPerTest } from '../fixtures/renderer-core-api'

const openCore = coreApiPerTest()

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
  const world = await openCore()
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
          startSync: () => {},
        }}
      >
        <CodeListPage />
      </WorkspaceContext>
    </Providers>,
  )
  await screen.findByText('部门管理员创建')
  return { listCodes }
}

/** Opens the 创建日期 range control. */
async function openRange() {
  fireEvent.click(screen.getByRole('textbox', { name: '创建日期' }))
  return screen.findByRole('dialog', { name: '选择创建日期' })
}

/** Clicks a day of the shown month in the open range control. */
async function pickDay(day: number) {
  const grid = await screen.findByRole('grid')
  await act(async () => fireEvent.click(within(grid).getByRole('gridcell', { name: String(day) })))
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
    await openRange()
    await pickDay(10)
    await pickDay(20)
    await waitFor(() => expect(screen.queryByRole('grid')).toBeNull())
    const month = dayjs().format('YYYY-MM')
    expect((screen.getByRole('textbox', { name: '创建日期' }) as HTMLInputElement).value).toBe(
      `${month}-10 至 ${month}-20`,
    )

    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })))
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

  it('清除筛选 in the empty state clears the boxes, so the next 查询 does not bring the old text back', async () => {
    const { listCodes } = await renderList()
    const name = screen.getByRole('textbox', { name: '渠道名称' }) as HTMLInputElement
    fireEvent.change(name, { target: { value: '不存在的渠道' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })))
    await act(async () => fireEvent.click(await screen.findByRole('button', { name: '清除筛选' })))
    expect(name.value).toBe('')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })))
    await waitFor(() => expect(listCodes).toHaveBeenLastCalledWith({ page: 1, pageSize: 10 }))
    expect(await screen.findByText('部门管理员创建')).toBeTruthy()
  })

  it('a shortcut fills the whole range in the workspace zone; a reversed pick says so and starts again', async () => {
    const { listCodes } = await renderList()
    await openRange()
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '近7天' })))
    const today = dayjs(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }))
    const field = screen.getByRole('textbox', { name: '创建日期' }) as HTMLInputElement
    expect(field.value).toBe(
      `${today.subtract(6, 'day').format('YYYY-MM-DD')} 至 ${today.format('YYYY-MM-DD')}`,
    )
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })))
    await waitFor(() =>
      expect(listCodes).toHaveBeenLastCalledWith({
        createdFrom: Date.parse(`${today.subtract(6, 'day').format('YYYY-MM-DD')}T00:00:00+08:00`),
        createdTo: Date.parse(`${today.add(1, 'day').format('YYYY-MM-DD')}T00:00:00+08:00`) - 1,
        page: 1,
        pageSize: 10,
      }),
    )

    // Reversed: the second day before the first is taken as a new start, and the popover says so.
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '清除创建日期' })))
    expect(field.value).toBe('')
    await openRange()
    await pickDay(20)
    await pickDay(10)
    expect(screen.getByRole('status').textContent).toContain('结束日期早于开始日期')
    await pickDay(12)
    await waitFor(() => expect(screen.queryByRole('grid')).toBeNull())
    expect(field.value).toMatch(/-10 至 .*-12$/)
  })
})
