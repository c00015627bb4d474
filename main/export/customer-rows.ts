// The customer list's rows as the export writes them: tag ids resolved to "组: 标签" like the code
// export, and the tags cell saying the outcome in the list's words when no tags went out.

import { customerNotes } from '../../common/customer-notes'
import { TAGS_LABELS } from '../../common/delivery-labels'
import type { CodeCustomer, TagGroup } from '../../common/domain'
import type { CustomerExportRow } from './types'

function tagsCell(c: CodeCustomer, labels: Map<string, string>): string {
  if (c.appliedTagIds.length > 0) return c.appliedTagIds.map((id) => labels.get(id) ?? id).join('、')
  const outcome = TAGS_LABELS[c.tags]
  if (!outcome) return ''
  return c.tagsNote ? `${outcome.label}（${c.tagsNote}）` : outcome.label
}

export function customerExportRows(customers: CodeCustomer[], groups: TagGroup[]): CustomerExportRow[] {
  const labels = new Map<string, string>()
  for (const g of groups) for (const t of g.tags) labels.set(t.id, `${g.name}: ${t.name}`)
  return customers.map((c) => ({
    customerName: c.name,
    memberName: c.memberName,
    addedAt: c.addedAt,
    status: c.status,
    lostAt: c.lostAt,
    lostReason: c.lostReason,
    tags: tagsCell(c, labels),
    notes: customerNotes(c),
  }))
}
