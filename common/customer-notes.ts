// What the customer export's 说明 column says beside a relation's status, in the words the customer
// list's chips use: a half-add the member has not confirmed, a member who left, a handover under way
// or failed, and who served the customer before.

import type { CodeCustomer } from './domain'

export type CustomerNoteFacts = Pick<
  CodeCustomer,
  'status' | 'pendingConfirm' | 'memberLeft' | 'handover' | 'handoverNote' | 'handovers'
>

export function customerNotes(c: CustomerNoteFacts): string[] {
  const notes: string[] = []
  if (c.status === 'current' && c.pendingConfirm) notes.push('待成员确认')
  if (c.memberLeft) notes.push('跟进成员已离职')
  if (c.handover === 'pending') notes.push('转接中')
  if (c.handover === 'failed' && c.handoverNote) notes.push(c.handoverNote)
  if (c.handovers.length > 0) {
    const chain = [c.handovers[0]!.fromName, ...c.handovers.map((h) => h.toName)].join(' → ')
    notes.push(`已转接：${chain}`)
  }
  return notes
}
