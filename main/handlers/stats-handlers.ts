// A code's statistics and its customer list, read from SQLite (they work offline).

import type { Handlers } from '../../common/contract'
import { codeCustomers, codeStats } from '../codes'
import type { HandlerEnv } from './types'

type StatsCalls = 'getCodeStats' | 'listCodeCustomers' | 'getCodeFunnel'

export function statsHandlers(env: HandlerEnv): Pick<Handlers, StatsCalls> {
  return {
    async getCodeStats({ id }) {
      const ctx = env.ctx()
      return codeStats(ctx.db, id, ctx.workspace().timeZone)
    },
    async getCodeFunnel({ id }) {
      return env.ctx().db.funnel.of(id)
    },
    async listCodeCustomers(input) {
      return codeCustomers(env.ctx().db, input)
    },
  }
}
