// The names a welcome's placeholders need, each asked of WeCom within a time budget: the customer's
// (externalcontact/get, once per add) and the member's (user/get, kept an hour — a member's name
// rarely changes and 2,000 adds across 50 members must not cost 2,000 calls).

import type { WeComClient } from '../../wecom/types'

const MEMBER_NAME_TTL_MS = 3600_000

/** Resolves to the value, or to null when the call fails or takes longer than `ms`. */
export function within<T>(ms: number, work: Promise<T>): Promise<T | null> {
  if (ms <= 0) {
    work.catch(() => {})
    return Promise.resolve(null)
  }
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    work.catch(() => null),
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms))),
  ]).finally(() => clearTimeout(timer))
}

export class NameSource {
  private readonly members = new Map<string, { name: Promise<string | null>; at: number }>()

  constructor(private readonly now: () => number) {}

  async customerName(client: WeComClient, externalUserid: string, budgetMs: number): Promise<string | null> {
    const got = await within(budgetMs, client.getExternalContact(externalUserid))
    return got ? got.external_contact.name : null
  }

  async memberName(client: WeComClient, userid: string, budgetMs: number): Promise<string | null> {
    const key = `${client.corpId}\u0000${userid}`
    let entry = this.members.get(key)
    if (!entry || this.now() - entry.at > MEMBER_NAME_TTL_MS) {
      const name = client.getUser(userid).then(
        (u) => u.name,
        () => null,
      )
      entry = { name, at: this.now() }
      this.members.set(key, entry)
      // A failed look-up is not kept: the next add asks again.
      void name.then((n) => {
        if (n === null && this.members.get(key) === entry) this.members.delete(key)
      })
    }
    return within(budgetMs, entry.name)
  }
}
