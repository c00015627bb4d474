// The codes themselves: list, filters' creators, read, create, edit, delete and its undo — adapters
// to the codes service.

import type { Handlers } from '../../common/contract'
import type { HandlerEnv } from './types'

type CodeCalls =
  'listCodes' | 'listCreators' | 'getCode' | 'createCode' | 'updateCode' | 'deleteCode' | 'undoDeleteCode'

export function codeHandlers(env: HandlerEnv): Pick<Handlers, CodeCalls> {
  return {
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
    async updateCode({ id, code, replaceQr }) {
      return env.ctx().codes.update(id, code, { replaceQr: replaceQr ?? false })
    },
    async deleteCode({ id }) {
      const { undoUntil } = env.ctx().codes.requestDelete(id)
      return { deleted: true as const, undoUntil }
    },
    async undoDeleteCode({ id }) {
      return env.ctx().codes.undoDelete(id)
    },
  }
}
