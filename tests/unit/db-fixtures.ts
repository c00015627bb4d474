// Builders shared by the database tests: a temp folder per test file and a valid code to insert.

import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { NewCode } from '../../main/db'

export const tempDir = (prefix = 'db-') => mkdtempSync(path.join(os.tmpdir(), prefix))

export const tempDbFile = (name = 'app.db') => path.join(tempDir(), name)

let serial = 0

export function newCode(overrides: Partial<NewCode> = {}): NewCode {
  serial += 1
  return {
    configId: `cfg-${serial}`,
    state: `st-${serial}`,
    name: `渠道 ${serial}`,
    qrUrl: `https://wework.qpic.cn/wwpic/${serial}/0`,
    creator: '张三',
    createdAt: Date.UTC(2025, 0, 1) + serial * 1000,
    memberUserids: ['zhangsan'],
    tagIds: [],
    welcome: { mode: 'none', text: '', attachment: null },
    autoAccept: { mode: 'on', windows: [] },
    ...overrides,
  }
}
