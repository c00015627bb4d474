// What the relay must know about a code to act on its adds while every desktop is closed.

import type { Code } from '../../common/domain'
import type { CodePolicy } from '../../common/relay-api'

export function policyOf(code: Code): CodePolicy {
  return {
    state: code.state,
    configId: code.configId,
    name: code.name,
    welcome: { mode: code.welcome.mode, text: code.welcome.text, attachment: code.welcome.attachment },
    tagIds: [...code.tagIds],
    autoAccept: { mode: code.autoAccept.mode, windows: code.autoAccept.windows.map((w) => ({ ...w })) },
    memberUserids: [...code.memberUserids],
    version: code.updatedAt,
  }
}
