// The conflict screen's merge rules: each field is taken whole from the side chosen for it.

import { describe, expect, it } from 'vitest'
import { mergeFields, sameField } from '../../renderer/components/registry/merge'
import type { CodeInput } from '../../common/schemas'

const mine: CodeInput = {
  name: '我的名字',
  memberUserids: ['a', 'b'],
  tagIds: ['t1'],
  welcome: { mode: 'own', text: '我的欢迎语', attachment: null },
  autoAccept: { mode: 'on', windows: [] },
}
const theirs: CodeInput = {
  ...mine,
  name: '对方的名字',
  welcome: { mode: 'default', text: '', attachment: null },
  autoAccept: { mode: 'scheduled', windows: [{ weekday: 1, start: '09:00', end: '18:00' }] },
}

describe('conflict merge rules', () => {
  it('takes every field whole from its chosen side', () => {
    const merged = mergeFields(mine, theirs, {
      name: 'theirs',
      memberUserids: 'mine',
      tagIds: 'mine',
      welcome: 'mine',
      autoAccept: 'theirs',
    })
    expect(merged).toEqual({ ...mine, name: '对方的名字', autoAccept: theirs.autoAccept })
  })

  it('knows which fields need no choice', () => {
    expect(sameField(mine, theirs, 'memberUserids')).toBe(true)
    expect(sameField(mine, theirs, 'welcome')).toBe(false)
  })
})
