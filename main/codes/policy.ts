// What the relay must know about a code to act on its adds while every desktop is closed.

import type { Code } from '../../common/domain'
import type { CodePolicy } from '../../common/relay-api'
import type { StoredRouting } from '../db/repos/routing'

/** With `routing`, the code's 分配规则 go too; its save counts as an edit (the later time is the version). */
export function policyOf(code: Code, routing: StoredRouting | null = null): CodePolicy {
  return {
    state: code.state,
    configId: code.configId,
    name: code.name,
    welcome: { mode: code.welcome.mode, text: code.welcome.text, attachment: code.welcome.attachment },
    tagIds: [...code.tagIds],
    autoAccept: { mode: code.autoAccept.mode, windows: code.autoAccept.windows.map((w) => ({ ...w })) },
    memberUserids: [...code.memberUserids],
    version: Math.max(code.updatedAt, routing?.updatedAt ?? 0),
    ...(routing ? { routing: routing.routing } : {}),
    // Issue 17: only the fields the code has, so a relay from before it sees the same policy.
    ...(code.rich?.welcomeAttachments?.length ? { welcomeAttachments: code.rich.welcomeAttachments } : {}),
    ...(code.rich?.welcomeWindows?.length ? { welcomeWindows: code.rich.welcomeWindows } : {}),
    ...(code.rich?.autoRemark ? { autoRemark: code.rich.autoRemark } : {}),
  }
}
