import { describe, expect, it } from 'vitest'
import { lastZonedDays, startOfZonedDay, zonedDate, zoneOffsetMs } from '../../main/db'

const hour = 3_600_000

describe('zoned day boundaries', () => {
  it('puts Shanghai midnight at 16:00 UTC the day before', () => {
    expect(startOfZonedDay({ year: 2025, month: 5, day: 11 }, 'Asia/Shanghai')).toBe(
      Date.UTC(2025, 4, 10, 16),
    )
    expect(zoneOffsetMs(Date.UTC(2025, 4, 10, 16), 'Asia/Shanghai')).toBe(8 * hour)
    expect(zonedDate(Date.UTC(2025, 4, 10, 15, 59, 59, 999), 'Asia/Shanghai')).toBe('2025-05-10')
    expect(zonedDate(Date.UTC(2025, 4, 10, 16), 'Asia/Shanghai')).toBe('2025-05-11')
  })

  it('gives DST days in New York 23 and 25 hours', () => {
    const spring = lastZonedDays('America/New_York', 1, Date.UTC(2025, 2, 9, 17))[0]!
    expect(spring.date).toBe('2025-03-09')
    expect(spring.to - spring.from).toBe(23 * hour)
    const autumn = lastZonedDays('America/New_York', 1, Date.UTC(2025, 10, 2, 17))[0]!
    expect(autumn.to - autumn.from).toBe(25 * hour)
  })

  it('lists consecutive days across a month and year end, oldest first', () => {
    const days = lastZonedDays('Asia/Shanghai', 3, Date.UTC(2025, 0, 1, 1))
    expect(days.map((d) => d.date)).toEqual(['2024-12-30', '2024-12-31', '2025-01-01'])
    expect(days[1]!.from).toBe(days[0]!.to)
  })
})
