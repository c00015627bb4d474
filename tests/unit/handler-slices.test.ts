// The handler table is joined from one slice per domain; two slices defining the same call is a
// start-up error, never a silent override.

import { describe, expect, it } from 'vitest'
import { joinSlices } from '../../main/handlers/join'

describe('joining handler slices', () => {
  it('keeps every slice’s calls and refuses a call defined twice', async () => {
    const listCodes = async () => ({ items: [], total: 0, totals: { cumulative: 0, lost: 0, current: 0 } })
    const getCode = async () => {
      throw new Error('not used')
    }
    const joined = joinSlices({ listCodes }, { getCode })
    expect(Object.keys(joined).sort()).toEqual(['getCode', 'listCodes'])
    expect(await joined.listCodes()).toEqual({
      items: [],
      total: 0,
      totals: { cumulative: 0, lost: 0, current: 0 },
    })
    expect(() => joinSlices({ listCodes }, { getCode }, { listCodes })).toThrow(
      'two handler slices define "listCodes"',
    )
  })
})
