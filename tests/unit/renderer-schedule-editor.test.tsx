// @vitest-environment jsdom
// The weekly auto-accept window editor: adding and removing windows per weekday, copying a day, and
// overlaps or reversed times shown right under the day with common/schedule.ts's words.

import { useState } from 'react'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ScheduleWindow } from '../../common/domain'
import { Providers } from '../../renderer/Providers'
import { ScheduleEditor } from '../../renderer/components/ScheduleEditor'
import { addWindow, copyDay, dayProblem, removeWindow, updateWindow } from '../../renderer/lib/schedule-ops'
import type { Api } from '../../common/contract'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
afterEach(cleanup)

/** The editor is pure UI: any call to the services would be a bug here. */
const noServices = new Proxy({} as Api, {
  get: (_target, name) => () => {
    throw new Error(`ScheduleEditor must not call the services (${String(name)})`)
  },
})

function Harness({ initial = [] }: { initial?: ScheduleWindow[] }) {
  const [windows, setWindows] = useState<ScheduleWindow[]>(initial)
  return (
    <Providers api={noServices}>
      <ScheduleEditor id="sched" value={windows} onChange={setWindows} timeZone="Asia/Shanghai" />
      <output data-testid="json">{JSON.stringify(windows)}</output>
    </Providers>
  )
}

const windowsNow = () => JSON.parse(screen.getByTestId('json').textContent ?? '[]') as ScheduleWindow[]

async function pickTime(label: string, time: string) {
  fireEvent.mouseDown(screen.getByRole('combobox', { name: label }))
  const listbox = await screen.findByRole('listbox')
  await act(async () => fireEvent.click(within(listbox).getByRole('option', { name: time })))
}

describe('ScheduleEditor', () => {
  it('adds 09:00–18:00 to an empty day, then an hour after the last window', () => {
    render(<Harness />)
    fireEvent.click(screen.getByRole('button', { name: '周三添加时段' }))
    expect(windowsNow()).toEqual([{ weekday: 3, start: '09:00', end: '18:00' }])
    fireEvent.click(screen.getByRole('button', { name: '周三添加时段' }))
    expect(windowsNow()).toEqual([
      { weekday: 3, start: '09:00', end: '18:00' },
      { weekday: 3, start: '18:00', end: '19:00' },
    ])
    expect(screen.getByRole('combobox', { name: '周三第2段开始' })).toHaveProperty('textContent', '18:00')
  })

  it('removes a window with its × button', () => {
    render(
      <Harness
        initial={[
          { weekday: 1, start: '09:00', end: '12:00' },
          { weekday: 1, start: '14:00', end: '18:00' },
        ]}
      />,
    )
    fireEvent.click(screen.getByRole('button', { name: '删除周一 09:00–12:00' }))
    expect(windowsNow()).toEqual([{ weekday: 1, start: '14:00', end: '18:00' }])
  })

  it('shows an overlap under the day and clears it once fixed', async () => {
    render(<Harness initial={[{ weekday: 1, start: '09:00', end: '18:00' }]} />)
    fireEvent.click(screen.getByRole('button', { name: '周一添加时段' }))
    expect(screen.queryByRole('alert')).toBeNull()
    await pickTime('周一第2段开始', '17:00')
    const day = screen.getByTestId('schedule-day-1')
    expect(within(day).getByRole('alert').textContent).toBe('周一 的时段 09:00–18:00 与 17:00–19:00 重叠')
    // Other days carry no message.
    expect(within(screen.getByTestId('schedule-day-2')).queryByRole('alert')).toBeNull()
    await pickTime('周一第1段结束', '17:00')
    expect(within(screen.getByTestId('schedule-day-1')).queryByRole('alert')).toBeNull()
  })

  it('says so when a window ends before it starts', async () => {
    render(<Harness initial={[{ weekday: 5, start: '09:00', end: '18:00' }]} />)
    await pickTime('周五第1段结束', '08:00')
    expect(within(screen.getByTestId('schedule-day-5')).getByRole('alert').textContent).toBe(
      '周五 09:00–08:00：结束时间须晚于开始时间',
    )
  })

  it('copies a day to the workdays from the copy menu', async () => {
    render(<Harness initial={[{ weekday: 1, start: '10:00', end: '12:00' }]} />)
    fireEvent.click(screen.getByRole('button', { name: '复制周一的时段到其他天' }))
    await act(async () =>
      fireEvent.click(await screen.findByRole('menuitem', { name: '复制到工作日（周一至周五）' })),
    )
    expect(windowsNow().map((w) => w.weekday)).toEqual([1, 2, 3, 4, 5])
    expect(windowsNow().every((w) => w.start === '10:00' && w.end === '12:00')).toBe(true)
  })
})

describe('schedule editing operations', () => {
  it('keep windows of other days when copying and report per-day problems', () => {
    const base = addWindow(addWindow([], 1), 6)
    const copied = copyDay(base, 1, [2, 6])
    expect(copied.filter((w) => w.weekday === 6)).toEqual([{ weekday: 6, start: '09:00', end: '18:00' }])
    expect(copied.filter((w) => w.weekday === 2)).toHaveLength(1)
    const overlapping = updateWindow(addWindow(copied, 2), copied.length, { start: '10:00' })
    expect(dayProblem(overlapping, 2)).toMatch(/重叠/)
    expect(dayProblem(overlapping, 1)).toBeNull()
    expect(dayProblem(removeWindow(overlapping, copied.length), 2)).toBeNull()
  })
})
