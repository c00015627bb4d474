// Departments mirrored from WeCom: nothing local hangs off them, so a sync replaces the set.

import type { Department } from '../../../common/domain'
import type { Sql } from '../sql'

export interface DepartmentsRepo {
  replaceAll(departments: Department[]): void
  list(): Department[]
}

export function createDepartmentsRepo(sql: Sql): DepartmentsRepo {
  return {
    replaceAll(departments) {
      sql.tx(() => {
        departments.forEach((d, order) =>
          sql.run(
            `INSERT INTO departments (id, name, parent_id, sort_order) VALUES (?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,
               sort_order = excluded.sort_order`,
            [d.id, d.name, d.parentId, order],
          ),
        )
        sql.run('DELETE FROM departments WHERE id NOT IN (SELECT value FROM json_each(?))', [
          JSON.stringify(departments.map((d) => d.id)),
        ])
      })
    },
    list: () =>
      sql.all<Department>('SELECT id, name, parent_id AS parentId FROM departments ORDER BY sort_order, id'),
  }
}
