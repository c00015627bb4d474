// Code groups: the panel's list with each group's totals, create / rename / delete, and moving codes
// between groups. The totals are the code list's own (codes.list with the group filter), so a
// group's row always agrees with the list filtered to it.

import { AppError } from '../../common/bridge-result'
import type { CodeGroupTotals } from '../../common/code-groups'
import type { Handlers } from '../../common/contract'
import type { CodeFilter } from '../../common/schemas'
import type { AppDatabase } from '../db'
import { DuplicateGroupNameError } from '../db/repos/code-groups'
import type { HandlerEnv } from './types'

type GroupCalls =
  'listCodeGroups' | 'createCodeGroup' | 'renameCodeGroup' | 'deleteCodeGroup' | 'moveCodesToGroup'

function totalsOf(db: AppDatabase, filter: CodeFilter): CodeGroupTotals {
  const page = db.codes.list({ ...filter, page: 1, pageSize: 1 })
  return { codeCount: page.total, counts: page.totals }
}

function named<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof DuplicateGroupNameError)
      throw new AppError('CONFLICT', error.message, { name: error.message })
    throw error
  }
}

const notFound = () => new AppError('NOT_FOUND', '找不到这个分组，它可能已被删除。请刷新列表。')

export function groupHandlers(env: HandlerEnv): Pick<Handlers, GroupCalls> {
  const db = () => env.ctx().db
  return {
    async listCodeGroups() {
      const d = db()
      return {
        groups: d.codeGroups.list().map((g) => ({ ...g, ...totalsOf(d, { groupId: g.id }) })),
        ungrouped: totalsOf(d, { groupId: 0 }),
        all: totalsOf(d, {}),
      }
    },
    async createCodeGroup({ name }) {
      return named(() => db().codeGroups.create(name, Date.now()))
    },
    async renameCodeGroup({ id, name }) {
      const group = named(() => db().codeGroups.rename(id, name))
      if (!group) throw notFound()
      return group
    },
    async deleteCodeGroup({ id }) {
      const moved = db().codeGroups.remove(id)
      if (moved === null) throw notFound()
      return { moved }
    },
    async moveCodesToGroup({ ids, groupId }) {
      const d = db()
      if (groupId !== null && !d.codeGroups.get(groupId)) throw notFound()
      const moved = d.codeGroups.move(ids, groupId)
      if (moved === 0) throw new AppError('NOT_FOUND', '找不到所选的活码，它们可能已被删除。请刷新列表。')
      return { moved }
    },
  }
}
