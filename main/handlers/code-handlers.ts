// Codes, members, tags, statistics and sync: thin adapters from the contract to the services.

import { AppError } from '../../common/bridge-result'
import type { Handlers } from '../../common/contract'
import { codeCustomers, codeStats } from '../codes'
import type { HandlerEnv } from './types'

type CodeCalls =
  | 'listMembers'
  | 'setMemberEnabled'
  | 'listTagGroups'
  | 'listCodes'
  | 'listCreators'
  | 'getCode'
  | 'createCode'
  | 'updateCode'
  | 'deleteCode'
  | 'getCodeStats'
  | 'listCodeCustomers'
  | 'runSync'
  | 'getSyncStatus'

export function codeHandlers(env: HandlerEnv): Pick<Handlers, CodeCalls> {
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
    async listCodes(input) {
      return env.ctx().codes.list(input)
    },
    async listCreators() {
      return env.ctx().codes.listCreators()
    },
    async getCode({ id }) {
      return env.ctx().codes.get(id)
    },
    async createCode(input) {
      return env.ctx().codes.create(input, env.creator())
    },
    async updateCode({ id, code }) {
      return env.ctx().codes.update(id, code)
    },
    async deleteCode({ id }) {
      await env.ctx().codes.remove(id)
      return { deleted: true as const }
    },
    async getCodeStats({ id }) {
      const ctx = env.ctx()
      return codeStats(ctx.db, id, ctx.workspace().timeZone)
    },
    async listCodeCustomers(input) {
      return codeCustomers(env.ctx().db, input)
    },
    async runSync() {
      return env.ctx().sync.start()
    },
    async getSyncStatus() {
      return env.ctx().sync.status()
    },
  }
}
