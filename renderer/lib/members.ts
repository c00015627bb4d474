// Who may be put on a code, why the others may not, and the department tree the picker browses.

import type { Department, Member } from '../../common/domain'

/** Why a member cannot be chosen, or null when they can. */
export function memberBlock(member: Member): string | null {
  if (!member.canFollow) return '无客户联系权限'
  if (member.status === 5) return '已离职'
  if (member.status === 2) return '已被禁用'
  if (member.status !== 1) return '未激活'
  if (!member.enabled) return '已在本应用停用'
  return null
}

export function isSelectable(member: Member): boolean {
  return memberBlock(member) === null
}

export interface DepartmentNode {
  department: Department
  depth: number
}

/** Departments in tree order (parents before children), each with its depth. */
export function flattenDepartments(departments: Department[]): DepartmentNode[] {
  const ids = new Set(departments.map((d) => d.id))
  const children = new Map<number, Department[]>()
  for (const d of departments) {
    const parent = ids.has(d.parentId) && d.parentId !== d.id ? d.parentId : 0
    const list = children.get(parent) ?? []
    list.push(d)
    children.set(parent, list)
  }
  const out: DepartmentNode[] = []
  const seen = new Set<number>()
  const walk = (parent: number, depth: number) => {
    for (const d of children.get(parent) ?? []) {
      if (seen.has(d.id)) continue
      seen.add(d.id)
      out.push({ department: d, depth })
      walk(d.id, depth + 1)
    }
  }
  walk(0, 0)
  return out
}

/** A department id and every department below it. */
export function departmentAndBelow(id: number, departments: Department[]): Set<number> {
  const result = new Set<number>([id])
  let grew = true
  while (grew) {
    grew = false
    for (const d of departments) {
      if (!result.has(d.id) && result.has(d.parentId)) {
        result.add(d.id)
        grew = true
      }
    }
  }
  return result
}

export interface MemberQuery {
  text: string
  departmentId: number | null
}

export function filterMembers(members: Member[], departments: Department[], query: MemberQuery): Member[] {
  const text = query.text.trim().toLowerCase()
  const inDept = query.departmentId === null ? null : departmentAndBelow(query.departmentId, departments)
  return members
    .filter((m) => !text || m.name.toLowerCase().includes(text) || m.userid.toLowerCase().includes(text))
    .filter((m) => !inDept || m.departmentIds.some((id) => inDept.has(id)))
    .sort(
      (a, b) => Number(isSelectable(b)) - Number(isSelectable(a)) || a.name.localeCompare(b.name, 'zh-CN'),
    )
}

export function memberName(userid: string, members: Member[]): string {
  return members.find((m) => m.userid === userid)?.name ?? userid
}
