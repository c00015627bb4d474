// External contacts (customers) as last seen in WeCom; relations point at them by external_userid and
// show the id until the details arrive.

import type { Sql } from '../sql'

export interface Customer {
  externalUserid: string
  name: string
  avatar: string
  /** 1 WeChat user, 2 WeCom user. */
  type: number
  corpName: string
  updatedAt: number
}

export interface CustomersRepo {
  upsertMany(customers: Customer[]): void
  get(externalUserid: string): Customer | null
}

export function createCustomersRepo(sql: Sql): CustomersRepo {
  return {
    upsertMany(customers) {
      sql.tx(() => {
        for (const c of customers) {
          sql.run(
            `INSERT INTO customers (external_userid, name, avatar, type, corp_name, updated_at)
             VALUES (@externalUserid, @name, @avatar, @type, @corpName, @updatedAt)
             ON CONFLICT (external_userid) DO UPDATE SET name = excluded.name, avatar = excluded.avatar,
               type = excluded.type, corp_name = excluded.corp_name, updated_at = excluded.updated_at`,
            { ...c },
          )
        }
      })
    },
    get: (externalUserid) =>
      sql.one<Customer>(
        `SELECT external_userid AS externalUserid, name, avatar, type, corp_name AS corpName, updated_at AS updatedAt
         FROM customers WHERE external_userid = ?`,
        [externalUserid],
      ) ?? null,
  }
}
