// What the desktop pushes for issue 17: only the rich fields a code has, so a code without them
// pushes the same policy as before (a relay from before issue 17 reads it unchanged), and what it
// pushes passes the relay's own policy schema.

import { describe, expect, it } from 'vitest'
import { codePolicySchema } from '../../common/relay-api'
import { openDatabase } from '../../main/db'
import { policyOf } from '../../main/codes/policy'
import { newCode, tempDbFile } from './db-fixtures'

describe('policyOf with a rich welcome', () => {
  it('carries the set fields only, and the relay schema accepts the result', () => {
    const db = openDatabase(tempDbFile())
    const plain = db.codes.insert(newCode())
    const plainPolicy = policyOf(plain)
    expect(Object.keys(plainPolicy)).not.toContain('welcomeWindows')
    expect(Object.keys(plainPolicy)).not.toContain('autoRemark')
    expect(Object.keys(plainPolicy)).not.toContain('welcomeAttachments')

    const rich = {
      welcomeWindows: [
        {
          weekdays: [6, 7],
          start: '00:00',
          end: '24:00',
          message: { text: '周末好，{客户昵称}', attachments: [] },
        },
      ],
      autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '' },
    }
    const code = db.codes.insert(newCode({ rich }))
    const policy = policyOf(code)
    expect(policy.welcomeWindows).toEqual(rich.welcomeWindows)
    expect(policy.autoRemark).toEqual(rich.autoRemark)
    expect(Object.keys(policy)).not.toContain('welcomeAttachments')
    expect(codePolicySchema.safeParse(policy).success).toBe(true)
    db.close()
  })
})
