// The corp's directory as the app mirrors it: members (with the manager's per-member switch) and the
// tag library.

import { AppError } from '../../common/bridge-result'
import type { Handlers } from '../../common/contract'
import type { HandlerEnv } from './types'

type DirectoryCalls = 'listMembers' | 'setMemberEnabled' | 'listTagGroups'

export function directoryHandlers(env: HandlerEnv): Pick<Handlers, DirectoryCalls> {
  return {
    async listMembers() {
      const { db } = env.ctx()
      return { members: db.members.list(), departments: db.departments.list() }
    },
    async setMemberEnabled({ userid, enabled }) {
      const { db } = env.ctx()
      if (!db.members.get(userid)) throw new AppError('NOT_FOUND', '找不到该成员，请先刷新同步成员列表')
      db.members.setEnabled(userid, enabled, Date.now())
      return db.members.get(userid)!
    },
    async listTagGroups() {
      return env.ctx().db.tags.listGroups()
    },
  }
}
