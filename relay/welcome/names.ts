// The names a welcome's placeholders need, each asked of WeCom within a time budget: the customer's
// (externalcontact/get, once per add) and the member's (user/get, kept an hour — a member's name
// rarely changes and 2,000 adds across 50 members must not cost 2,000 calls). The customer's name a
// welcome got is kept a few minutes for the add's auto remark, which then needs no second get.

import type { WeComClient } from '../../wecom/types'

const MEMBER_NAME_TTL_MS = 3600_000
/** The remark runs 20 s after its add (later when WeCom is slow): a name this recent is its own. */
const CUSTOMER_NAME_TTL_MS = 5 * 60_000
/** A burst's names, not a corp's customer list: the oldest go first beyond this many. */
const CUSTOMER_NAMES_MAX = 20_000

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

  private readonly customers = new Map<string, { name: string; at: number }>()

  async customerName(client: WeComClient, externalUserid: string, budgetMs: number): Promise<string | null> {
    const got = await within(budgetMs, client.getExternalContact(externalUserid))
    if (!got) return null
    const name = got.external_contact.name
    // Only an answer is kept: externalcontact/get answers a half-add 84061, so a kept name also says
    // the relation was real when it was read.
    const key = `${client.corpId}\u0000${externalUserid}`
    this.customers.delete(key)
    this.customers.set(key, { name, at: this.now() })
    if (this.customers.size > CUSTOMER_NAMES_MAX) this.customers.delete(this.customers.keys().next().value!)
    return name
  }

  /** The customer's name a welcome read in the last few minutes, or null (then ask WeCom). */
  recentCustomerName(corpId: string, externalUserid: string): string | null {
    const entry = this.customers.get(`${corpId}\u0000${externalUserid}`)
    return entry && this.now() - entry.at <= CUSTOMER_NAME_TTL_MS ? entry.name : null
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
