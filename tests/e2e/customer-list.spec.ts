// The statistics drawer's customer list as a sales manager uses it: three simulated customers scan a
// tagged code (the real flow, relay and all), then the list is searched by name, narrowed to one
// member and to a day range, reset, and shows the tags each customer got.

import type { Locator } from '@playwright/test'
import { expect, syncNow, test, type Page } from './host-fixture'

const CODE = '客户筛选码'
const NAMES = ['Alice 100%', '王小明', '李华_VIP']

/** Today's day of the month in the workspace's zone (the sandbox's is Asia/Shanghai). */
const today = () =>
  Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(new Date()))

/** Picks a range in the 添加日期 control: the first click is the start, the second the end. */
async function pickRange(page: Page, from: number, to: number) {
  await page.getByRole('textbox', { name: '添加日期' }).click()
  const grid = page.getByRole('dialog', { name: '选择添加日期' }).getByRole('grid')
  await grid.getByRole('gridcell', { name: String(from), exact: true }).click()
  await grid.getByRole('gridcell', { name: String(to), exact: true }).click()
}

const bodyRows = (table: Locator) => table.locator('tbody tr')

test('search, member and date filters, 重置, and the tags column', async ({ app, page }) => {
  const h = app.core.handlers
  const groups = await h.listTagGroups({})
  const tags = groups.flatMap((g) => g.tags).slice(0, 2)
  const code = await h.createCode({
    name: CODE,
    memberUserids: ['zhangwei', 'wangfang'],
    tagIds: tags.map((t) => t.id),
    welcome: { mode: 'own', text: '欢迎！', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
  })
  const scans = []
  for (const name of NAMES) scans.push(await h.simulateScan({ id: code.id, customerName: name }))
  // The relay tags each customer as it receives the add; syncing brings the outcomes in.
  await expect
    .poll(async () => {
      await h.runSync({})
      const list = await h.listCodeCustomers({ id: code.id, status: 'all', page: 1, pageSize: 10 })
      return list.items.filter((c) => c.tags === 'applied').length
    })
    .toBe(3)

  await page.reload()
  await syncNow(page)
  const row = page.getByRole('row', { name: new RegExp(CODE) })
  await row.getByRole('button', { name: '统计' }).click()
  const table = page.getByRole('table', { name: '客户列表' })
  await expect(bodyRows(table)).toHaveCount(3)

  // The tags column names the code's tags on every customer.
  const tagCells = table.getByTestId('customer-tags')
  await expect(tagCells).toHaveCount(3)
  for (const t of tags) await expect(tagCells.first()).toContainText(t.name)
  await expect(table.getByRole('columnheader', { name: '标签' })).toBeVisible()
  await app.shot('30-customers-1440')
  await page.setViewportSize({ width: 1280, height: 720 })
  await table.scrollIntoViewIfNeeded()
  await app.shot('31-customers-1280')
  await page.setViewportSize({ width: 1440, height: 900 })

  // Search by name: case-insensitive, '%' and '_' taken literally.
  const nameBox = page.getByRole('textbox', { name: '客户名称' })
  await nameBox.fill('alice')
  await expect(bodyRows(table)).toHaveCount(1)
  await expect(table).toContainText('Alice 100%')
  await nameBox.fill('_')
  await expect(bodyRows(table)).toHaveCount(1)
  await expect(table).toContainText('李华_VIP')
  await nameBox.fill('没有这位')
  await expect(page.getByText('没有符合条件的客户')).toBeVisible()
  await page.getByRole('button', { name: '清除筛选' }).click()
  await expect(nameBox).toHaveValue('')
  await expect(bodyRows(table)).toHaveCount(3)

  // Filter by the member serving the customer now.
  const members = new Map((await h.listMembers({})).members.map((m) => [m.userid, m.name]))
  const served = scans[0]!.memberUserid
  const servedName = members.get(served) ?? served
  await page.getByRole('combobox', { name: /所属员工/ }).click()
  await page.getByRole('option', { name: servedName }).click()
  const expected = scans.filter((s) => s.memberUserid === served).length
  await expect(bodyRows(table)).toHaveCount(expected)
  for (const r of await bodyRows(table).all()) await expect(r).toContainText(servedName)

  // Dates: today includes everyone served; a day with no adds empties the list; reversed says so.
  const day = today()
  const other = day < 28 ? day + 1 : 1
  await pickRange(page, day, day)
  await expect(bodyRows(table)).toHaveCount(expected)
  await pickRange(page, other, other)
  await expect(page.getByText('没有符合条件的客户')).toBeVisible()
  const bar = page.getByRole('search', { name: '筛选客户' })
  const height = (await bar.boundingBox())!.height
  // Reversed: the popover says so and starts again from the earlier day; the bar keeps its height.
  const [later, earlier] = other > day ? [other, day] : [day, other]
  await page.getByRole('textbox', { name: '添加日期' }).click()
  const picker = page.getByRole('dialog', { name: '选择添加日期' })
  await picker.getByRole('gridcell', { name: String(later), exact: true }).click()
  await picker.getByRole('gridcell', { name: String(earlier), exact: true }).click()
  await expect(picker.getByRole('status')).toContainText('结束日期早于开始日期')
  await page.mouse.move(0, 0)
  await app.shot('32-customers-reversed-dates')
  await page.keyboard.press('Escape')
  expect((await bar.boundingBox())!.height).toBe(height)

  // 重置 empties every box, not only the query.
  await bar.getByRole('button', { name: '重置' }).click()
  await expect(nameBox).toHaveValue('')
  await expect(page.getByRole('combobox', { name: /所属员工/ })).toContainText('全部员工')
  await expect(page.getByRole('textbox', { name: '添加日期' })).toHaveValue('')
  await expect(bodyRows(table)).toHaveCount(3)
  await expect(bar.getByRole('button', { name: '重置' })).toBeDisabled()
})
